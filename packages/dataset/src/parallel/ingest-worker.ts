// Worker thread entry: parses JSONL blocks and runs the stateless stages on them.
import { parentPort } from 'node:worker_threads';
import type { DocumentStageV1, QuarantineRecord } from '@oellm/core';
import { fromTransferableBatch, toTransferableBatch, transferList, type TransferableBatch } from '../arrow/transferable-batch.js';
import type { JsonlBlock } from '../input/jsonl-blocks.js';
import { stageFromRecipe } from './build-stage.js';
import { processUnit } from './process-unit.js';
import type { StageRecipe } from './stage-recipes.js';

/** What the main thread asks an ingest worker to do. */
export type IngestWorkerRequest =
  | { type: 'init'; id: number; recipes: StageRecipe[]; defaultSource: string | null }
  | { type: 'block'; id: number; block: JsonlBlock }
  | { type: 'batch'; id: number; batch: TransferableBatch };

/** The worker's answer, with the request's id. */
export type IngestWorkerReply =
  | { id: number; ok: true; batch: TransferableBatch | null; documents: number; bad: QuarantineRecord[]; dropped: Record<string, number> }
  | { id: number; ok: false; message: string; stack?: string; name?: string };

let stages: DocumentStageV1[] = [];
let defaultSource: string | null = null;

parentPort?.on('message', async (request: IngestWorkerRequest) => {
  try {
    if (request.type === 'init') {
      stages = [];
      for (const recipe of request.recipes) stages.push(await stageFromRecipe(recipe));
      defaultSource = request.defaultSource;
      parentPort!.postMessage({ id: request.id, ok: true, batch: null, documents: 0, bad: [], dropped: {} } satisfies IngestWorkerReply);
      return;
    }
    const unit = request.type === 'block' ? request.block : { type: 'batch' as const, batch: fromTransferableBatch(request.batch) };
    const result = await processUnit(unit, stages, defaultSource);
    const batch = result.batch && result.batch.numRows > 0 ? toTransferableBatch(result.batch) : null;
    parentPort!.postMessage({ id: request.id, ok: true, batch, documents: result.documents, bad: result.bad, dropped: result.dropped } satisfies IngestWorkerReply, batch ? transferList(batch) : []);
  } catch (error) {
    const failure = error as Error;
    parentPort!.postMessage({ id: request.id, ok: false, message: failure.message, name: failure.name, ...(failure.stack ? { stack: failure.stack } : {}) } satisfies IngestWorkerReply);
  }
});
