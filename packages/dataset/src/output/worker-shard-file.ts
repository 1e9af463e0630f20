import { builtWorkerEntry, startWorker } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import { toTransferableBatch, transferList } from '../arrow/transferable-batch.js';
import type { OutputFormat, ShardFileWriter } from './shard-file-writer.js';
import type { ShardWorkerCommand } from './shard-writer-worker.js';

// Beside the built index.js (dist/). Running from src/ (tests in source mode) there is no built
// worker, so the caller falls back to writing inline.
const workerUrl = new URL('./shard-writer-worker.js', import.meta.url);

/**
 * True when the built shard-writer worker is available (running from `dist/`).
 *
 * @example
 * ```ts
 * import { shardWorkerAvailable } from '@oellm/dataset';
 * console.log(shardWorkerAvailable() ? 'compressing on a worker thread' : 'inline');
 * ```
 */
export function shardWorkerAvailable(): boolean {
  return builtWorkerEntry('shard-writer-worker.js', import.meta.url) !== undefined;
}

// At most this many batches in flight: the main thread parses the next ones while the worker compresses.
const maxInFlight = 2;

/**
 * A shard file written by a worker thread: the same file as the inline writer produces, with
 * zstd compression and encoding moved off the thread that parses input.
 *
 * @example
 * ```ts
 * import { openWorkerShardFile } from '@oellm/dataset';
 * const file = await openWorkerShardFile('parquet', 'out/.shard-00000.parquet.partial-1');
 * ```
 */
export async function openWorkerShardFile(format: OutputFormat, path: string, options: { zstdLevel?: number } = {}): Promise<ShardFileWriter> {
  const worker = startWorker(workerUrl);
  worker.unref();
  let nextId = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  worker.on('message', (reply: { id: number; ok: boolean; message?: string; stack?: string }) => {
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.ok) entry?.resolve();
    else {
      const error = new Error(reply.message);
      if (reply.stack) error.stack = reply.stack;
      failure ??= error;
      entry?.reject(error);
    }
  });
  worker.on('error', (error) => {
    failure ??= error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  });
  const send = (request: ShardWorkerCommand, transfer: ArrayBuffer[] = []): Promise<void> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
    worker.postMessage({ ...request, id }, transfer);
    return done;
  };
  const inFlight: Array<Promise<void>> = [];
  await send({ type: 'open', format, path, ...(options.zstdLevel === undefined ? {} : { zstdLevel: options.zstdLevel }) });
  return {
    async write(batch: RecordBatch) {
      const message = toTransferableBatch(batch);
      inFlight.push(send({ type: 'write', batch: message }, transferList(message)));
      while (inFlight.length >= maxInFlight) await inFlight.shift();
    },
    async close() {
      try {
        await Promise.all(inFlight.splice(0));
        await send({ type: 'close' });
      } finally {
        await worker.terminate();
      }
    },
    async abort() {
      await Promise.allSettled(inFlight.splice(0));
      await send({ type: 'abort' }).catch(() => {});
      await worker.terminate();
    },
  };
}
