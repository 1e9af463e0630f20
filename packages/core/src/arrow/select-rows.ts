import { makeBuilder, type RecordBatch } from 'apache-arrow';
import type { StageResult } from '../stages/document-stage.js';
import { recordBatchFromColumns } from './convert-documents.js';

/**
 * A new record batch with the given rows of `batch`, in the given order, any schema.
 *
 * @example
 * ```ts
 * import { selectRows } from '@oellm/core/arrow';
 * const firstAndThird = selectRows(batch, [0, 2]);
 * ```
 */
export function selectRows(batch: RecordBatch, rows: ArrayLike<number>): RecordBatch {
  const columns = batch.schema.fields.map((field, position) => {
    const source = batch.getChildAt(position)!;
    const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    for (let index = 0; index < rows.length; index++) builder.append(source.get(rows[index]!));
    return builder.finish().toVector();
  });
  return recordBatchFromColumns(batch.schema, columns, rows.length);
}

/**
 * Splits a batch into the rows to keep and the rest, dropped with `reason`: the usual
 * result of a filtering stage.
 *
 * @example
 * ```ts
 * import { filterRecordBatch } from '@oellm/core/arrow';
 * const result = filterRecordBatch(batch, keepFlags, 'too_short');
 * ```
 */
export function filterRecordBatch(batch: RecordBatch, keep: ArrayLike<boolean | number>, reason: string): StageResult {
  if (keep.length !== batch.numRows) throw new RangeError(`filterRecordBatch: ${keep.length} flags for ${batch.numRows} rows`);
  const kept: number[] = [];
  const dropped: number[] = [];
  for (let row = 0; row < batch.numRows; row++) (keep[row] ? kept : dropped).push(row);
  if (dropped.length === 0) return { kept: batch, dropped: [] };
  return { kept: selectRows(batch, kept), dropped: [{ reason, documents: selectRows(batch, dropped) }] };
}
