import { documentSchema } from '@oellm/core/arrow';
import { makeData, RecordBatch, Struct, Utf8, type Data } from 'apache-arrow';

/**
 * A document-schema batch as plain buffers, ready for `postMessage` with transfer: each Utf8
 * column's offsets (rebased to 0), bytes and validity, copied out of any shared or sliced buffers.
 *
 * @example
 * ```ts
 * import { toTransferableBatch, fromTransferableBatch } from '@oellm/dataset';
 * const message = toTransferableBatch(batch);
 * worker.postMessage(message, message.columns.flatMap((column) => [column.offsets.buffer, column.data.buffer, column.validity.buffer]));
 * ```
 */
export interface TransferableBatch {
  length: number;
  columns: Array<{ offsets: Int32Array; data: Uint8Array; validity: Uint8Array; nullCount: number }>;
}

/**
 * Copies a batch whose columns are all Utf8 into a {@link TransferableBatch}.
 *
 * @example
 * ```ts
 * import { toTransferableBatch } from '@oellm/dataset';
 * const message = toTransferableBatch(batch);
 * ```
 */
export function toTransferableBatch(batch: RecordBatch): TransferableBatch {
  const columns = batch.data.children.map((child) => {
    if (!(child.type instanceof Utf8)) throw new TypeError(`expected the document schema (Utf8 columns), got ${String(child.type)}`);
    const data = child as Data<Utf8>;
    const offsets = data.valueOffsets;
    const length = data.length;
    const start = offsets[0]!;
    const end = offsets[length]!;
    const rebased = new Int32Array(length + 1);
    for (let row = 0; row <= length; row++) rebased[row] = offsets[row]! - start;
    const bytes = data.values.slice(start, end);
    const nullCount = data.nullCount;
    let validity = new Uint8Array(0);
    if (nullCount > 0) {
      validity = new Uint8Array((length + 7) >> 3);
      const source = data.nullBitmap!;
      for (let row = 0; row < length; row++) {
        const bit = data.offset + row;
        if (source[bit >> 3]! & (1 << (bit & 7))) validity[row >> 3]! |= 1 << (row & 7);
      }
    }
    return { offsets: rebased, data: bytes, validity, nullCount };
  });
  return { length: batch.numRows, columns };
}

/**
 * Rebuilds a document-schema record batch from a {@link TransferableBatch} (no copy).
 *
 * @example
 * ```ts
 * import { fromTransferableBatch } from '@oellm/dataset';
 * const batch = fromTransferableBatch(message);
 * ```
 */
export function fromTransferableBatch(message: TransferableBatch): RecordBatch {
  const children = message.columns.map((column) =>
    makeData({ type: new Utf8(), length: message.length, nullCount: column.nullCount, valueOffsets: column.offsets, data: column.data, nullBitmap: column.validity }),
  );
  return new RecordBatch(documentSchema, makeData({ type: new Struct(documentSchema.fields), length: message.length, nullCount: 0, children }));
}

/**
 * The buffers of a {@link TransferableBatch}, for the `postMessage` transfer list.
 *
 * @example
 * ```ts
 * import { toTransferableBatch, transferList } from '@oellm/dataset';
 * const message = toTransferableBatch(batch);
 * worker.postMessage(message, transferList(message));
 * ```
 */
export function transferList(message: TransferableBatch): ArrayBuffer[] {
  return message.columns.flatMap((column) => [column.offsets.buffer as ArrayBuffer, column.data.buffer as ArrayBuffer, column.validity.buffer as ArrayBuffer]);
}
