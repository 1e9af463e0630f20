import type { JsonObject } from '../json.js';

/**
 * The JSON shape of one corpus document: one line of a JSONL corpus, one row of the
 * Arrow document schema (see `@oellm/core/arrow`). Fields a corpus does not have are `null`.
 *
 * @example
 * ```ts
 * import type { Document } from '@oellm/core';
 * const document: Document = {
 *   id: 'hplt-de-000001', text: 'Alle Menschen sind frei und gleich an Würde und Rechten geboren.',
 *   lang: 'de', source: 'hplt-v2', url: 'https://example.org/', metadata: { prob: 0.98 },
 * };
 * ```
 */
export interface Document {
  /** Unique within a dataset. */
  id: string;
  /** The text, NFC or as crawled; never null. */
  text: string;
  /** Registry code (`de`, `mt`) or `null` when unknown. */
  lang: string | null;
  /** Where the document came from: corpus name, file, or crawl. */
  source: string | null;
  url: string | null;
  /** Everything else the corpus had (original fields, scores), kept rather than dropped. */
  metadata: JsonObject | null;
}

/**
 * Names of the document columns, in schema order.
 *
 * @example
 * ```ts
 * import { documentColumns } from '@oellm/core';
 * documentColumns; // ['id', 'text', 'lang', 'source', 'url', 'metadata']
 * ```
 */
export const documentColumns = ['id', 'text', 'lang', 'source', 'url', 'metadata'] as const;

/**
 * One document column name.
 *
 * @example
 * ```ts
 * import type { DocumentColumn } from '@oellm/core';
 * const column: DocumentColumn = 'text';
 * ```
 */
export type DocumentColumn = (typeof documentColumns)[number];

/**
 * Schema identifier written into Arrow schema metadata and manifests.
 *
 * @example
 * ```ts
 * import { documentSchemaName } from '@oellm/core';
 * if (schema.metadata.get('oellm.schema') !== documentSchemaName) throw new Error('not an oellm document batch');
 * ```
 */
export const documentSchemaName = 'oellm.document/v1';
