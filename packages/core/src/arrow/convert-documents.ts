import { makeBuilder, makeData, RecordBatch, Struct, type Schema, type Vector } from 'apache-arrow';
import type { Document } from '../documents/document.js';
import type { JsonObject } from '../json.js';
import { documentSchema } from './document-schema.js';

/**
 * Packs documents into one Arrow record batch in the document schema.
 *
 * @example
 * ```ts
 * import { documentsToRecordBatch } from '@oellm/core/arrow';
 * const batch = documentsToRecordBatch([{ id: '1', text: 'Bonġu', lang: 'mt', source: null, url: null, metadata: null }]);
 * batch.numRows; // 1
 * ```
 */
export function documentsToRecordBatch(documents: readonly Document[]): RecordBatch {
  const columns = documentSchema.fields.map((field) => {
    const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    for (const document of documents) {
      const value = document[field.name as keyof Document];
      builder.append(field.name === 'metadata' && value !== null && value !== undefined ? JSON.stringify(value) : (value as string | null));
    }
    return builder.finish().toVector();
  });
  return recordBatchFromColumns(documentSchema, columns, documents.length);
}

/**
 * Unpacks a record batch in the document schema into plain documents (metadata parsed back from JSON).
 *
 * @example
 * ```ts
 * import { recordBatchToDocuments } from '@oellm/core/arrow';
 * for (const document of recordBatchToDocuments(batch)) console.log(document.lang, document.text.length);
 * ```
 */
export function recordBatchToDocuments(batch: RecordBatch): Document[] {
  const column = (name: string) => batch.getChild(name);
  const [id, text, lang, source, url, metadata] = ['id', 'text', 'lang', 'source', 'url', 'metadata'].map(column);
  const documents: Document[] = [];
  for (let row = 0; row < batch.numRows; row++) {
    const metadataText = metadata?.get(row) as string | null | undefined;
    documents.push({
      id: String(id?.get(row) ?? row),
      text: (text?.get(row) as string | null) ?? '',
      lang: (lang?.get(row) as string | null) ?? null,
      source: (source?.get(row) as string | null) ?? null,
      url: (url?.get(row) as string | null) ?? null,
      metadata: metadataText ? (JSON.parse(metadataText) as JsonObject) : null,
    });
  }
  return documents;
}

/**
 * Assembles a record batch from whole column vectors (one per schema field, same length).
 *
 * @example
 * ```ts
 * import { recordBatchFromColumns } from '@oellm/core/arrow';
 * const batch = recordBatchFromColumns(schema, [idVector, textVector], 2);
 * ```
 */
export function recordBatchFromColumns(schema: Schema, columns: readonly Vector[], length: number): RecordBatch {
  const children = columns.map((vector) => {
    if (vector.data.length !== 1) throw new Error('recordBatchFromColumns expects single-chunk vectors');
    return vector.data[0]!;
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}
