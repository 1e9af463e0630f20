import { makeData, RecordBatch, Struct } from 'apache-arrow';
import { Utf8ColumnBuilder } from '../arrow/utf8-column-builder.js';

/**
 * A batch with one Utf8 column replaced by new values (the other columns are shared, not copied).
 *
 * @example
 * ```ts
 * import { replaceUtf8Column } from '@oellm/dataset';
 * const relabelled = replaceUtf8Column(batch, 'lang', ['mt', 'ga']);
 * ```
 */
export function replaceUtf8Column(batch: RecordBatch, name: string, values: ReadonlyArray<string | null>): RecordBatch {
  const index = batch.schema.fields.findIndex((field) => field.name === name);
  if (index === -1) throw new RangeError(`the batch has no column "${name}"`);
  const builder = new Utf8ColumnBuilder(values.length);
  for (const value of values) builder.append(value);
  const children = batch.data.children.slice();
  children[index] = builder.finish().data[0]!;
  return new RecordBatch(batch.schema, makeData({ type: new Struct(batch.schema.fields), length: batch.numRows, nullCount: 0, children }));
}
