import { Field, Schema, Utf8 } from 'apache-arrow';
import { documentSchemaName } from '../documents/document.js';

/**
 * The Arrow schema of a corpus document: `id` and `text` required, `lang`, `source`,
 * `url` nullable, and `metadata` as a JSON string (so Parquet, DuckDB and pandas read it
 * without a nested type). The schema metadata names the spec version.
 *
 * @example
 * ```ts
 * import { documentSchema } from '@oellm/core/arrow';
 * console.log(documentSchema.fields.map((field) => field.name)); // ['id','text','lang','source','url','metadata']
 * ```
 */
export const documentSchema: Schema = new Schema(
  [
    new Field('id', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('lang', new Utf8(), true),
    new Field('source', new Utf8(), true),
    new Field('url', new Utf8(), true),
    new Field('metadata', new Utf8(), true),
  ],
  new Map([['oellm.schema', documentSchemaName]]),
);
