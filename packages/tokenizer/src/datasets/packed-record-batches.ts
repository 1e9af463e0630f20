import type { Data, RecordBatch, Vector } from 'apache-arrow';
import { chunkBytes, type DocumentChunk } from './encoded-documents.js';

/** Arrow's type id of `utf8` (32-bit offsets), in apache-arrow's `Type` enum and the IPC format's. */
const utf8TypeId = 5;

/** Options of {@link packRecordBatches}. */
export interface PackRecordBatchesOptions {
  /** Keep each document's `id` (Arrow output needs them; the other formats do not, and reading them costs a string per row). */
  keepIds: boolean;
  /** Called after each batch has been packed, with its row count. */
  onBatch?: (rows: number) => void;
}

/**
 * The `text` column of record batches (core Documents: one document per row; a null or missing
 * text is an empty document) packed into chunks of about 1 MiB of UTF-8. A `utf8` column's bytes
 * are copied straight from Arrow's value buffer, a run of rows with one `set()`, so no string is
 * decoded and encoded again and nothing is awaited per row; other string types go through strings.
 *
 * @example
 * ```ts
 * for await (const chunk of packRecordBatches(source.batches(), { keepIds: false })) await tokenizer.encodePacked(chunk);
 * ```
 */
export async function* packRecordBatches(batches: AsyncIterable<RecordBatch>, options: PackRecordBatchesOptions): AsyncGenerator<DocumentChunk> {
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(chunkBytes + 4096);
  let offsets = new Int32Array(4096);
  let documentIds: (string | null)[] = [];
  let documents = 0;
  let length = 0;
  const take = (): DocumentChunk => {
    const chunk = { bytes: bytes.subarray(0, length), offsets: offsets.slice(0, documents + 1), documentIds: options.keepIds ? documentIds : new Array<string | null>(documents).fill(null) };
    // A fresh buffer: the chunk's may still be encoding (or on its way to a worker).
    bytes = new Uint8Array(bytes.length);
    documentIds = [];
    documents = 0;
    length = 0;
    return chunk;
  };
  const reserve = (extraBytes: number, extraDocuments: number): void => {
    if (length + extraBytes > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, length + extraBytes));
      grown.set(bytes.subarray(0, length));
      bytes = grown;
    }
    if (documents + extraDocuments + 1 > offsets.length) {
      const grown = new Int32Array(Math.max(offsets.length * 2, documents + extraDocuments + 1));
      grown.set(offsets.subarray(0, documents + 1));
      offsets = grown;
    }
  };
  for await (const batch of batches) {
    const text = batch.getChild('text') as Vector | null;
    const id = options.keepIds ? (batch.getChild('id') as Vector | null) : null;
    let row = 0;
    for (const data of text?.data ?? []) {
      const rows = data.length;
      if (data.type.typeId === utf8TypeId && data.nullCount === 0) {
        // Row r is values[valueOffsets[r], valueOffsets[r + 1]) (arrow-js slices the offsets, not the values).
        const valueOffsets = (data as Data).valueOffsets as Int32Array;
        const values = (data as Data).values as Uint8Array;
        for (let first = 0; first < rows; ) {
          // Rows up to a full chunk (at least one), copied with one set().
          let last = first + 1;
          const limit = valueOffsets[first]! + Math.max(0, chunkBytes - length);
          while (last < rows && valueOffsets[last + 1]! <= limit) last++;
          const start = valueOffsets[first]!;
          reserve(valueOffsets[last]! - start, last - first);
          bytes.set(values.subarray(start, valueOffsets[last]!), length);
          const shift = length - start;
          for (let index = first + 1; index <= last; index++) offsets[++documents] = valueOffsets[index]! + shift;
          length = offsets[documents]!;
          if (options.keepIds) for (let index = first; index < last; index++) documentIds.push((id?.get(row + index) as string | null | undefined) ?? null);
          first = last;
          if (length >= chunkBytes) yield take();
        }
      } else {
        for (let index = 0; index < rows; index++) {
          const value = data.getValid(index) ? ((text!.get(row + index) as string | null | undefined) ?? '') : '';
          reserve(value.length * 3, 1);
          length += encoder.encodeInto(value, bytes.subarray(length)).written;
          offsets[++documents] = length;
          if (options.keepIds) documentIds.push((id?.get(row + index) as string | null | undefined) ?? null);
          if (length >= chunkBytes) yield take();
        }
      }
      row += rows;
    }
    // A batch without a text column: empty documents.
    for (; row < batch.numRows; row++) {
      reserve(0, 1);
      offsets[++documents] = length;
      if (options.keepIds) documentIds.push((id?.get(row) as string | null | undefined) ?? null);
    }
    options.onBatch?.(batch.numRows);
  }
  if (documents > 0) yield take();
}
