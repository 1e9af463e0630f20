import type { RecordBatch } from 'apache-arrow';
import type { ManifestFile } from '../manifests/manifest.js';

/**
 * What a sink wrote, reported by {@link DocumentSinkV1.close}.
 *
 * @example
 * ```ts
 * import type { SinkSummary } from '@oellm/core';
 * const summary: SinkSummary = await sink.close();
 * console.log(summary.rows, summary.files.map((file) => file.path));
 * ```
 */
export interface SinkSummary {
  rows: number;
  /** Every complete file written, with size and sha256, for the manifest. */
  files: ManifestFile[];
}

/**
 * Where documents go: a writer of shards. Files appear under their final names only when
 * complete (write to a temporary name, then rename), so a killed run leaves no half file.
 *
 * Optional capabilities:
 * - `abort`: discard partial output after a failure.
 *
 * @example
 * ```ts
 * import type { DocumentSinkV1 } from '@oellm/core';
 *
 * export function countingSink(): DocumentSinkV1 & { rows: number } {
 *   return {
 *     specificationVersion: 'v1', name: 'count', rows: 0,
 *     async write(batch) { this.rows += batch.numRows; },
 *     async close() { return { rows: this.rows, files: [] }; },
 *   };
 * }
 * ```
 */
export interface DocumentSinkV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  write(batch: RecordBatch): Promise<void>;
  close(): Promise<SinkSummary>;
  abort?(reason?: unknown): Promise<void>;
}

/**
 * The current version of {@link DocumentSinkV1}: code written against `DocumentSink` follows the newest spec; name `DocumentSinkV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { DocumentSink } from '@oellm/core';
 * export function describe(value: DocumentSink): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type DocumentSink = DocumentSinkV1;
