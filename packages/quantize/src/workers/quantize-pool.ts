import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { OellmError } from '@oellm/core';
import { getQuantType } from '../types/quant-type-registry.js';

/**
 * Quantises a tensor's rows, split in chunks across worker threads. Rows are independent in every
 * ggml type, so the bytes are the same whatever the split.
 *
 * @example
 * ```ts
 * import { createQuantizePool } from '@oellm/quantize';
 * const pool = createQuantizePool({ threads: 2 });
 * const packed = await pool.quantize('Q4_K', weights, 4096, 4096);
 * await pool.close();
 * ```
 */
export interface QuantizePool {
  readonly threads: number;
  quantize(typeName: string, source: Float32Array, rows: number, columns: number, importance?: Float32Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Options of {@link createQuantizePool}.
 *
 * @example
 * ```ts
 * import type { QuantizePoolOptions } from '@oellm/quantize';
 * const inline: QuantizePoolOptions = { threads: 0 };
 * ```
 */
export interface QuantizePoolOptions {
  /** Worker threads; 0 quantises on the calling thread. Default: the number of cores. */
  threads?: number;
  /** The worker script; defaults to quantize-worker.js beside this module in the built package. */
  workerUrl?: URL;
}

interface Pending {
  resolve: (packed: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * Starts a {@link QuantizePool}. Workers load the built `dist/quantize-worker.js`; from sources
 * (tests without a build) use `threads: 0`.
 *
 * @example
 * ```ts
 * import { createQuantizePool } from '@oellm/quantize';
 * const pool = createQuantizePool({ threads: 0 });
 * ```
 */
export function createQuantizePool(options: QuantizePoolOptions = {}): QuantizePool {
  const threads = options.threads ?? availableParallelism();
  if (threads <= 0) {
    return {
      threads: 0,
      async quantize(typeName, source, rows, columns, importance) {
        return getQuantType(typeName).quantizeRows(source, rows, columns, importance);
      },
      async close() {},
    };
  }
  const workerUrl = options.workerUrl ?? new URL('./quantize-worker.js', import.meta.url);
  const execArgv = withoutSourceCondition(process.execArgv);
  const workers = Array.from({ length: threads }, () => new Worker(workerUrl, { execArgv }));
  const idle = [...workers];
  const waiting: Array<() => void> = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  for (const worker of workers) {
    worker.on('message', (message: { id: number; packed?: Uint8Array; error?: string }) => {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      if (message.error !== undefined) entry.reject(new OellmError({ code: 'worker_failed', message: message.error }));
      else entry.resolve(message.packed!);
    });
    worker.on('error', (error) => {
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    });
  }

  async function runOnWorker(typeName: string, source: Float32Array, rows: number, columns: number, importance?: Float32Array): Promise<Uint8Array> {
    while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    const worker = idle.pop()!;
    try {
      const id = nextId++;
      return await new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, typeName, source, rows, columns, importance }, [source.buffer as ArrayBuffer]);
      });
    } finally {
      idle.push(worker);
      waiting.shift()?.();
    }
  }

  return {
    threads,
    async quantize(typeName, source, rows, columns, importance) {
      const type = getQuantType(typeName);
      const rowBytes = (columns / type.blockSize) * type.bytesPerBlock;
      // About 1 MiB of weights per chunk keeps every worker busy without large messages.
      const rowsPerChunk = Math.max(1, Math.floor((1 << 18) / Math.max(columns, 1)));
      const chunks: Array<Promise<Uint8Array>> = [];
      for (let first = 0; first < rows; first += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, rows - first);
        chunks.push(runOnWorker(typeName, source.slice(first * columns, (first + count) * columns), count, columns, importance));
      }
      const out = new Uint8Array(rows * rowBytes);
      const parts = await Promise.all(chunks);
      for (let index = 0; index < parts.length; index++) out.set(parts[index]!, index * rowsPerChunk * rowBytes);
      return out;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * Workers run built code: drop the repository's `@oellm/source` export condition (set by the test
 * runner) so their imports resolve to dist/ rather than TypeScript sources.
 */
function withoutSourceCondition(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if ((argument === '--conditions' || argument === '-C') && argv[index + 1] === '@oellm/source') {
      index++;
      continue;
    }
    if (argument === '--conditions=@oellm/source') continue;
    kept.push(argument);
  }
  return kept;
}
