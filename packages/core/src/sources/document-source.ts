import type { RecordBatch } from 'apache-arrow';
import type { QuarantineRecord } from '../documents/quarantine-record.js';
import type { ProgressListener } from '../progress/progress-event.js';

/**
 * Passed to {@link DocumentSourceV1.batches}.
 *
 * @example
 * ```ts
 * import type { QuarantineRecord, SourceReadOptions } from '@oellm/core';
 * const quarantined: QuarantineRecord[] = [];
 * const options: SourceReadOptions = { batchSize: 8192, quarantine: (record) => quarantined.push(record) };
 * for await (const batch of source.batches(options)) console.log(batch.numRows);
 * ```
 */
export interface SourceReadOptions {
  signal?: AbortSignal;
  progress?: ProgressListener;
  /** Preferred rows per batch; a source may return smaller batches. */
  batchSize?: number;
  /**
   * Receives records the source could not read. When absent, the source throws an
   * `InputError` at the first bad record instead (strict mode).
   */
  quarantine?: (record: QuarantineRecord) => void;
}

/**
 * A stream of documents as Arrow record batches in the document schema. Reading twice
 * gives the same documents in the same order (sources are re-iterable).
 *
 * Optional capabilities:
 * - `countRows`: the number of documents, when the source can know it cheaply.
 *
 * @example
 * ```ts
 * import type { DocumentSourceV1 } from '@oellm/core';
 * import { documentsToRecordBatch } from '@oellm/core/arrow';
 *
 * export const hello: DocumentSourceV1 = {
 *   specificationVersion: 'v1',
 *   name: 'hello',
 *   async *batches() {
 *     yield documentsToRecordBatch([{ id: '1', text: 'Dia duit', lang: 'ga', source: null, url: null, metadata: null }]);
 *   },
 * };
 * ```
 */
export interface DocumentSourceV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  batches(options?: SourceReadOptions): AsyncIterable<RecordBatch>;
  countRows?(): Promise<number | undefined>;
}

/**
 * The current version of {@link DocumentSourceV1}: code written against `DocumentSource` follows the newest spec; name `DocumentSourceV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { DocumentSource } from '@oellm/core';
 * export function describe(value: DocumentSource): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type DocumentSource = DocumentSourceV1;
