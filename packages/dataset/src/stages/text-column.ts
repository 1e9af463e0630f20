import type { Data, RecordBatch, Utf8 } from 'apache-arrow';
import { utf8ColumnValues } from '../arrow/utf8-column-values.js';

/**
 * The `text` column of a batch in the document schema as strings (null as '').
 *
 * @example
 * ```ts
 * import { textsOf } from '@oellm/dataset';
 * const texts = textsOf(batch);
 * ```
 */
export function textsOf(batch: RecordBatch): string[] {
  const column = batch.getChild('text');
  if (!column) return new Array<string>(batch.numRows).fill('');
  return column.data.flatMap((chunk) => utf8ColumnValues(chunk as Data<Utf8>)).map((text) => text ?? '');
}
