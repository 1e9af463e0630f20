import { makeData, makeVector, Utf8, type Vector } from 'apache-arrow';

/**
 * Builds one nullable Utf8 Arrow column straight into its offset, data and validity buffers,
 * without the per-value overhead of apache-arrow's generic builders: strings are encoded
 * with `Buffer.write` into a growing byte buffer.
 *
 * @example
 * ```ts
 * import { Utf8ColumnBuilder } from '@oellm/dataset';
 * const builder = new Utf8ColumnBuilder();
 * builder.append('Bonġu'); builder.append(null);
 * const vector = builder.finish(); // Vector<Utf8> of length 2, one null
 * ```
 */
export class Utf8ColumnBuilder {
  private data: Buffer;
  private offsets: Int32Array;
  private validity: Uint8Array;
  private length = 0;
  private nullCount = 0;
  private byteLength = 0;

  constructor(expectedRows = 1024, expectedBytes = 64 * 1024) {
    this.data = Buffer.allocUnsafe(Math.max(64, expectedBytes));
    this.offsets = new Int32Array(Math.max(2, expectedRows + 1));
    this.validity = new Uint8Array(Math.max(1, (expectedRows + 7) >> 3));
  }

  /** Rows appended so far. */
  get rows(): number {
    return this.length;
  }

  /** UTF-8 bytes appended so far. */
  get bytes(): number {
    return this.byteLength;
  }

  append(value: string | null | undefined): void {
    const row = this.length;
    this.ensureRows(row + 1);
    if (value === null || value === undefined) {
      this.nullCount++;
    } else {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      this.ensureBytes(this.byteLength + value.length * 3);
      this.byteLength += this.data.write(value, this.byteLength, 'utf8');
      this.validity[row >> 3]! |= 1 << (row & 7);
    }
    this.length = row + 1;
    this.offsets[this.length] = this.byteLength;
  }

  /** Appends bytes that are already valid UTF-8 (no decoding round trip). */
  appendBytes(bytes: Uint8Array): void {
    const row = this.length;
    this.ensureRows(row + 1);
    this.ensureBytes(this.byteLength + bytes.length);
    this.data.set(bytes, this.byteLength);
    this.byteLength += bytes.length;
    this.validity[row >> 3]! |= 1 << (row & 7);
    this.length = row + 1;
    this.offsets[this.length] = this.byteLength;
  }

  /** The finished column; the builder is reset and can be reused. */
  finish(): Vector<Utf8> {
    const length = this.length;
    const data = makeData({
      type: new Utf8(),
      length,
      nullCount: this.nullCount,
      valueOffsets: this.offsets.slice(0, length + 1),
      data: new Uint8Array(this.data.subarray(0, this.byteLength)),
      nullBitmap: this.nullCount > 0 ? this.validity.slice(0, (length + 7) >> 3) : new Uint8Array(0),
    });
    this.length = 0;
    this.nullCount = 0;
    this.byteLength = 0;
    this.offsets[0] = 0;
    this.validity.fill(0);
    return makeVector(data);
  }

  private ensureRows(rows: number): void {
    if (rows + 1 > this.offsets.length) {
      const offsets = new Int32Array(Math.max(rows + 1, this.offsets.length * 2));
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    const validityBytes = (rows + 7) >> 3;
    if (validityBytes > this.validity.length) {
      const validity = new Uint8Array(Math.max(validityBytes, this.validity.length * 2));
      validity.set(this.validity);
      this.validity = validity;
    }
  }

  private ensureBytes(bytes: number): void {
    if (bytes <= this.data.length) return;
    if (bytes > 0x7fffffff) throw new RangeError('a Utf8 column batch cannot exceed 2 GiB; use a smaller batch size');
    const data = Buffer.allocUnsafe(Math.min(0x7fffffff, Math.max(bytes, this.data.length * 2)));
    this.data.copy(data, 0, 0, this.byteLength);
    this.data = data;
  }
}
