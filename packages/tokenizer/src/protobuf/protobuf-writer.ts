/**
 * Appends protobuf fields to a growing buffer. Fields are written in the order they are
 * called; the model writer calls them in field-number order, as protobuf's C++ runtime does,
 * so re-serialising a model spm wrote gives the same bytes.
 */
export class ProtobufWriter {
  private buffer = new Uint8Array(1024);
  private length = 0;
  private static readonly encoder = new TextEncoder();
  private readonly scratch = new DataView(new ArrayBuffer(8));

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private varint(low: number, high: number): void {
    this.reserve(10);
    low >>>= 0;
    high >>>= 0;
    while (high !== 0 || low > 0x7f) {
      this.buffer[this.length++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    this.buffer[this.length++] = low;
  }

  private tag(number: number, wireType: number): void {
    this.varint(((number << 3) | wireType) >>> 0, number >>> 29);
  }

  /** int32 / enum: negative values take 10 bytes (sign-extended to 64 bits), as protobuf does. */
  int32(number: number, value: number): void {
    this.tag(number, 0);
    this.varint(value >>> 0, value < 0 ? 0xffffffff : 0);
  }

  /** uint64 given as a safe integer. */
  uint64(number: number, value: number): void {
    this.tag(number, 0);
    this.varint(value % 2 ** 32, Math.floor(value / 2 ** 32));
  }

  bool(number: number, value: boolean): void {
    this.tag(number, 0);
    this.varint(value ? 1 : 0, 0);
  }

  float(number: number, value: number): void {
    this.tag(number, 5);
    this.reserve(4);
    this.scratch.setFloat32(0, value, true);
    for (let index = 0; index < 4; index++) this.buffer[this.length++] = this.scratch.getUint8(index);
  }

  bytes(number: number, value: Uint8Array): void {
    this.tag(number, 2);
    this.varint(value.length, 0);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  string(number: number, value: string): void {
    this.bytes(number, ProtobufWriter.encoder.encode(value));
  }

  /** A nested message written by `write` into a fresh writer. */
  message(number: number, write: (writer: ProtobufWriter) => void): void {
    const nested = new ProtobufWriter();
    write(nested);
    this.bytes(number, nested.finish());
  }

  /** Raw bytes of fields kept verbatim (unknown fields of a model we read). */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
