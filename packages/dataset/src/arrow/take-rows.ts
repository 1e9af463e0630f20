import { makeData, RecordBatch, Struct, Utf8, type Data } from 'apache-arrow';
import type { DroppedDocuments, StageResult } from '@oellm/core';
import { selectRows } from '@oellm/core/arrow';

/**
 * A new batch with the given rows (in order) of a batch whose columns are all Utf8, copying
 * bytes column by column (no per-value decoding). Other column types fall back to apache-arrow.
 *
 * @example
 * ```ts
 * import { takeRows } from '@oellm/dataset';
 * const firstAndThird = takeRows(batch, Int32Array.of(0, 2));
 * ```
 */
export function takeRows(batch: RecordBatch, rows: ArrayLike<number>): RecordBatch {
  if (!batch.schema.fields.every((field) => field.type instanceof Utf8)) return selectRows(batch, rows);
  const children = batch.data.children.map((child) => takeUtf8(child as Data<Utf8>, rows));
  return new RecordBatch(batch.schema, makeData({ type: new Struct(batch.schema.fields), length: rows.length, nullCount: 0, children }));
}

function takeUtf8(data: Data<Utf8>, rows: ArrayLike<number>): Data<Utf8> {
  const offsets = data.valueOffsets;
  const values = data.values;
  const validity = data.nullCount > 0 ? data.nullBitmap : undefined;
  let bytes = 0;
  for (let index = 0; index < rows.length; index++) bytes += offsets[rows[index]! + 1]! - offsets[rows[index]!]!;
  const newOffsets = new Int32Array(rows.length + 1);
  const newValues = new Uint8Array(bytes);
  const newValidity = validity ? new Uint8Array((rows.length + 7) >> 3) : undefined;
  let nullCount = 0;
  let position = 0;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const bit = data.offset + row;
    if (validity && (validity[bit >> 3]! & (1 << (bit & 7))) === 0) {
      nullCount++;
    } else {
      if (newValidity) newValidity[index >> 3]! |= 1 << (index & 7);
      const start = offsets[row]!;
      const end = offsets[row + 1]!;
      newValues.set(values.subarray(start, end), position);
      position += end - start;
    }
    newOffsets[index + 1] = position;
  }
  return makeData({ type: new Utf8(), length: rows.length, nullCount, valueOffsets: newOffsets, data: newValues, nullBitmap: newValidity ?? new Uint8Array(0) });
}

/**
 * Splits a batch by a per-row verdict: `null` keeps the row, a string drops it with that
 * reason. The usual result of a filtering stage; every row ends up in exactly one place.
 *
 * @example
 * ```ts
 * import { partitionBatch } from '@oellm/dataset';
 * const result = partitionBatch(batch, texts.map((text) => (text.length < 10 ? 'too_short' : null)));
 * ```
 */
export function partitionBatch(batch: RecordBatch, verdicts: ReadonlyArray<string | null>): StageResult {
  const kept: number[] = [];
  const dropped = new Map<string, number[]>();
  for (let row = 0; row < batch.numRows; row++) {
    const reason = verdicts[row];
    if (reason === null || reason === undefined) kept.push(row);
    else {
      let list = dropped.get(reason);
      if (!list) dropped.set(reason, (list = []));
      list.push(row);
    }
  }
  if (dropped.size === 0) return { kept: batch, dropped: [] };
  const groups: DroppedDocuments[] = [...dropped].map(([reason, rows]) => ({ reason, documents: takeRows(batch, rows) }));
  return { kept: takeRows(batch, kept), dropped: groups };
}
