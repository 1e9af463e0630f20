import type { Worker } from 'node:worker_threads';
import { builtWorkerEntry, startWorker } from '@oellm/core';
import { fromTransferableBatch, toTransferableBatch, transferList } from '../arrow/transferable-batch.js';
import type { IngestWorkerReply, IngestWorkerRequest } from './ingest-worker.js';
import type { ProcessedUnit, WorkUnit } from './process-unit.js';
import type { StageRecipe } from './stage-recipes.js';

// Beside the built index.js (dist/); running from src/ there is none and ingest stays inline.
const workerUrl = new URL('./ingest-worker.js', import.meta.url);

/**
 * True when the built ingest worker is available (running from `dist/`).
 *
 * @example
 * ```ts
 * import { ingestWorkerAvailable } from '@oellm/dataset';
 * console.log(ingestWorkerAvailable() ? 'parsing on worker threads' : 'inline');
 * ```
 */
export function ingestWorkerAvailable(): boolean {
  return builtWorkerEntry('ingest-worker.js', import.meta.url) !== undefined;
}

/**
 * Worker threads that parse JSONL blocks and run stateless stages; see {@link openIngestWorkerPool}.
 *
 * @example
 * ```ts
 * import type { IngestWorkerPool } from '@oellm/dataset';
 * const result = await pool.process(block);
 * ```
 */
export interface IngestWorkerPool {
  /** Parses the unit and runs the pool's stages on it on the least busy worker. */
  process(unit: Exclude<WorkUnit, { type: 'bad' }>): Promise<ProcessedUnit>;
  close(): Promise<void>;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, { resolve: (reply: IngestWorkerReply & { ok: true }) => void; reject: (error: Error) => void }>;
  failure?: Error;
}

/**
 * Starts `threads` ingest workers, each building the stages of `recipes` (and loading their
 * models) once. Blocks travel to a worker and batches back as transferred buffers.
 *
 * @example
 * ```ts
 * import { openIngestWorkerPool } from '@oellm/dataset';
 * const pool = await openIngestWorkerPool({ threads: 4, recipes: [{ kind: 'quality-filter', options: {} }], defaultSource: null });
 * ```
 */
export async function openIngestWorkerPool(options: { threads: number; recipes: StageRecipe[]; defaultSource: string | null }): Promise<IngestWorkerPool> {
  let nextId = 0;
  const workers: PoolWorker[] = [];
  const send = (entry: PoolWorker, request: IngestWorkerRequest, transfer: ArrayBuffer[]): Promise<IngestWorkerReply & { ok: true }> => {
    if (entry.failure) return Promise.reject(entry.failure);
    const done = new Promise<IngestWorkerReply & { ok: true }>((resolve, reject) => entry.pending.set(request.id, { resolve, reject }));
    entry.worker.postMessage(request, transfer);
    return done;
  };
  for (let index = 0; index < Math.max(1, options.threads); index++) {
    const worker = startWorker(workerUrl);
    worker.unref();
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', (reply: IngestWorkerReply) => {
      const waiting = entry.pending.get(reply.id);
      entry.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply);
      else {
        const error = new Error(reply.message);
        if (reply.name) error.name = reply.name;
        if (reply.stack) error.stack = reply.stack;
        waiting?.reject(error);
      }
    });
    worker.on('error', (error) => {
      entry.failure ??= error;
      for (const waiting of entry.pending.values()) waiting.reject(error);
      entry.pending.clear();
    });
    workers.push(entry);
  }
  try {
    await Promise.all(workers.map((entry) => send(entry, { type: 'init', id: nextId++, recipes: options.recipes, defaultSource: options.defaultSource }, [])));
  } catch (error) {
    await Promise.all(workers.map((entry) => entry.worker.terminate()));
    throw error;
  }
  return {
    async process(unit) {
      let entry = workers[0]!;
      for (const candidate of workers) if (candidate.pending.size < entry.pending.size) entry = candidate;
      let reply;
      if (unit.type === 'block') {
        reply = await send(entry, { type: 'block', id: nextId++, block: unit }, [unit.bytes.buffer as ArrayBuffer]);
      } else {
        const batch = toTransferableBatch(unit.batch);
        reply = await send(entry, { type: 'batch', id: nextId++, batch }, transferList(batch));
      }
      return { batch: reply.batch ? fromTransferableBatch(reply.batch) : null, documents: reply.documents, bad: reply.bad, dropped: reply.dropped };
    },
    async close() {
      await Promise.all(workers.map((entry) => entry.worker.terminate()));
    },
  };
}
