import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { builtWorkerEntry, startWorker } from '@oellm/core';
import type { PackedIds, PackedTexts } from './packed-texts.js';

/** A chunk of texts sent to a worker, and what comes back. */
export interface EncodeWorkerRequest {
  job: number;
  texts: PackedTexts;
}
export interface EncodeWorkerReply {
  job: number;
  ids?: Uint32Array;
  offsets?: Int32Array;
  error?: string;
}

/**
 * The worker entry beside this module in the built package (`dist/encode-worker.js`). When
 * running from TypeScript sources (tests in the monorepo) it does not exist and callers encode
 * on the calling thread instead.
 */
export function workerEntry(): URL | undefined {
  return builtWorkerEntry('encode-worker.js', import.meta.url);
}

interface PoolWorker {
  worker: Worker;
  job: number | undefined;
}

/**
 * Worker threads that each load the model once and then encode chunks of texts for as long as
 * the tokenizer lives (starting a worker and parsing a 32k model costs more than encoding a
 * small batch). Idle workers do not keep the process alive; `close()` ends them.
 */
export class EncodeWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly waiting: EncodeWorkerRequest[] = [];
  private readonly pending = new Map<number, { resolve: (ids: PackedIds) => void; reject: (error: Error) => void }>();
  private nextJob = 0;
  private failure: Error | undefined;

  private constructor(entry: URL, modelBytes: Uint8Array, threads: number) {
    for (let index = 0; index < threads; index++) {
      // The worker runs built JavaScript: drop `--conditions` flags (the monorepo's source
      // condition would make it import TypeScript sources it cannot load).
      const worker = startWorker(entry, { workerData: { modelBytes } });
      const poolWorker: PoolWorker = { worker, job: undefined };
      worker.on('message', (reply: EncodeWorkerReply) => this.finish(poolWorker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (poolWorker.job !== undefined || this.waiting.length > 0) this.fail(new Error(`encode worker exited with code ${code}`));
      });
      worker.unref();
      this.workers.push(poolWorker);
    }
  }

  /**
   * A pool of `threads` workers (at most one per core: more only add switching), or undefined
   * when the built worker entry is not available.
   */
  static create(modelBytes: Uint8Array, threads: number): EncodeWorkerPool | undefined {
    const entry = workerEntry();
    return entry && threads > 0 ? new EncodeWorkerPool(entry, modelBytes, Math.min(threads, availableParallelism())) : undefined;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Encodes one packed chunk on the next free worker. `texts.bytes` is transferred (do not reuse it). */
  encode(texts: PackedTexts): Promise<PackedIds> {
    if (this.failure) return Promise.reject(this.failure);
    const job = this.nextJob++;
    const promise = new Promise<PackedIds>((resolve, reject) => this.pending.set(job, { resolve, reject }));
    this.waiting.push({ job, texts });
    this.dispatch();
    return promise;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
    this.workers.length = 0;
  }

  private dispatch(): void {
    for (const poolWorker of this.workers) {
      if (this.waiting.length === 0) return;
      if (poolWorker.job !== undefined) continue;
      const request = this.waiting.shift()!;
      poolWorker.job = request.job;
      // A busy worker keeps the process alive until its answer arrives.
      poolWorker.worker.ref();
      // Buffers that a view covers whole move by transfer; others are copied.
      const transfer = [request.texts.bytes, request.texts.offsets].filter((view) => view.byteOffset === 0 && view.byteLength === view.buffer.byteLength).map((view) => view.buffer as ArrayBuffer);
      poolWorker.worker.postMessage(request, transfer);
    }
  }

  private finish(poolWorker: PoolWorker, reply: EncodeWorkerReply): void {
    poolWorker.job = undefined;
    poolWorker.worker.unref();
    const pending = this.pending.get(reply.job);
    this.pending.delete(reply.job);
    if (reply.error !== undefined || !reply.ids || !reply.offsets) pending?.reject(new Error(`encode worker failed: ${reply.error}`));
    else pending?.resolve({ ids: reply.ids, offsets: reply.offsets });
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    this.waiting.length = 0;
  }
}
