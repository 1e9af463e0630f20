import type { RecordBatch } from 'apache-arrow';
import type { ProgressListener } from '../progress/progress-event.js';

/**
 * Rows a stage removed, all for one reason. Reasons are short stable codes
 * (`lang_id:low_confidence`, `gopher:mean_word_length`, `dedup:exact`), counted in manifests.
 *
 * @example
 * ```ts
 * import type { DroppedDocuments } from '@oellm/core';
 * const group: DroppedDocuments = { reason: 'dedup:exact', documents: duplicateRows };
 * ```
 */
export interface DroppedDocuments {
  reason: string;
  documents: RecordBatch;
}

/**
 * What a stage returns for one batch: every input row is in `kept` or in exactly one
 * `dropped` group. Kept rows may be changed (a PII stage masks text) but keep their `id`.
 *
 * @example
 * ```ts
 * import type { StageResult } from '@oellm/core';
 * const result: StageResult = { kept: batch, dropped: [] };
 * ```
 */
export interface StageResult {
  kept: RecordBatch;
  dropped: DroppedDocuments[];
}

/**
 * Passed to every `process` call.
 *
 * @example
 * ```ts
 * import type { StageContext } from '@oellm/core';
 * const context: StageContext = { signal: AbortSignal.timeout(60_000) };
 * await stage.process(batch, context);
 * ```
 */
export interface StageContext {
  signal?: AbortSignal;
  progress?: ProgressListener;
}

/**
 * A step of a corpus pipeline over Arrow record batches in the document schema
 * (`@oellm/core/arrow`). Nothing disappears silently: what a stage does not keep, it drops
 * with a reason.
 *
 * Optional capabilities:
 * - `stateful`: results depend on earlier batches (dedup); the runner must not split its input
 *   across independent copies unless it merges state.
 * - `finish`: called once after the last batch, for stages that hold state.
 *
 * @example
 * ```ts
 * import type { DocumentStageV1 } from '@oellm/core';
 * import { filterRecordBatch } from '@oellm/core/arrow';
 *
 * export const dropEmpty: DocumentStageV1 = {
 *   specificationVersion: 'v1',
 *   name: 'drop-empty',
 *   process(batch) {
 *     const text = batch.getChild('text')!;
 *     const keep = Array.from({ length: batch.numRows }, (_, row) => (text.get(row) ?? '').trim() !== '');
 *     return filterRecordBatch(batch, keep, 'empty_text');
 *   },
 * };
 * ```
 */
export interface DocumentStageV1 {
  readonly specificationVersion: 'v1';
  /** A short kebab-case name, recorded in manifests. */
  readonly name: string;
  readonly stateful?: boolean;
  process(batch: RecordBatch, context?: StageContext): StageResult | Promise<StageResult>;
  finish?(): void | Promise<void>;
}

/**
 * The current version of {@link DocumentStageV1}: code written against `DocumentStage` follows the newest spec; name `DocumentStageV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { DocumentStage } from '@oellm/core';
 * export function describe(value: DocumentStage): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type DocumentStage = DocumentStageV1;
