import type { DocumentStageV1, QuarantineRecord } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import type { JsonlBadUnit, JsonlBlock } from '../input/jsonl-blocks.js';
import { parseJsonlBlock } from '../input/parse-jsonl-block.js';

/**
 * One piece of ingest work, in input order: a block of JSONL lines to parse, a batch read
 * from a columnar file, or a bad record found while reading.
 *
 * @example
 * ```ts
 * import type { WorkUnit } from '@oellm/dataset';
 * const unit: WorkUnit = { type: 'batch', batch };
 * ```
 */
export type WorkUnit = JsonlBlock | JsonlBadUnit | { type: 'batch'; batch: RecordBatch };

/**
 * A work unit after parsing and the stateless stages.
 *
 * @example
 * ```ts
 * import type { ProcessedUnit } from '@oellm/dataset';
 * const { batch, documents, bad, dropped }: ProcessedUnit = await processUnit(unit, [], null);
 * ```
 */
export interface ProcessedUnit {
  /** Documents kept by the stages (none for a bad-record unit). */
  batch: RecordBatch | null;
  /** Documents read, before the stages. */
  documents: number;
  /** Bad records, in line order. */
  bad: QuarantineRecord[];
  /** Documents dropped by the stages, by reason. */
  dropped: Record<string, number>;
}

/**
 * Parses a unit (when it is a JSONL block) and runs `stages` over it. The same function runs
 * inline and on ingest worker threads, so both produce the same batches.
 *
 * @example
 * ```ts
 * import { processUnit, createQualityFilterStage } from '@oellm/dataset';
 * const { batch, dropped } = await processUnit(block, [createQualityFilterStage()], 'hplt-v2');
 * ```
 */
export async function processUnit(unit: WorkUnit, stages: readonly DocumentStageV1[], defaultSource: string | null, signal?: AbortSignal): Promise<ProcessedUnit> {
  if (unit.type === 'bad') return { batch: null, documents: 0, bad: [unit.record], dropped: {} };
  let batch: RecordBatch;
  let bad: QuarantineRecord[] = [];
  if (unit.type === 'block') ({ batch, bad } = parseJsonlBlock(unit, defaultSource));
  else batch = unit.batch;
  const documents = batch.numRows;
  const dropped: Record<string, number> = {};
  if (documents > 0) {
    for (const stage of stages) {
      const result = await stage.process(batch, signal ? { signal } : {});
      for (const group of result.dropped) dropped[group.reason] = (dropped[group.reason] ?? 0) + group.documents.numRows;
      batch = result.kept;
    }
  }
  return { batch, documents, bad, dropped };
}
