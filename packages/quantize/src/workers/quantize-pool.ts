import { availableParallelism } from 'node:os';
import { OellmError, startWorker } from '@oellm/core';
import { measureQuantizationError } from '../types/quantization-error.js';
import { getQuantType } from '../types/quant-type-registry.js';
import { quantizeRowsInto } from '../types/define-quant-type.js';
import type { QuantizeTask } from './quantize-worker.js';

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
  /**
   * The packed rows. With workers, weights in shared memory (see {@link QuantizePool.allocateWeights})
   * are read where they are; others are copied into the pool's reusable shared buffer first.
   */
  quantize(typeName: string, source: Float32Array, rows: number, columns: number, importance?: Float32Array, options?: QuantizeCallOptions): Promise<Uint8Array>;
  /** {@link QuantizePool.quantize} plus the quantisation error, measured by the workers chunk by chunk. */
  quantizeMeasured(typeName: string, source: Float32Array, rows: number, columns: number, importance?: Float32Array, options?: QuantizeCallOptions): Promise<MeasuredQuantization>;
  /**
   * A buffer of `byteLength` bytes that the workers can read without a copy (shared memory when the
   * pool has workers): read tensors into it.
   */
  allocateWeights(byteLength: number): Uint8Array;
  close(): Promise<void>;
}

/**
 * Per-call options of {@link QuantizePool.quantize}.
 *
 * @example
 * ```ts
 * import { createQuantizePool } from '@oellm/quantize';
 * const pool = createQuantizePool({ threads: 2 });
 * const out = pool.allocateWeights(4096 * 2304); // reused for every tensor of Q4_K rows of 4096
 * await pool.quantize('Q4_K', weights, 4096, 4096, undefined, { out });
 * ```
 */
export interface QuantizeCallOptions {
  /**
   * Where the packed rows go (from {@link QuantizePool.allocateWeights}, at least rows × row bytes);
   * the result is a view on it. Without it the result is a new array.
   */
  out?: Uint8Array;
}

/**
 * Packed rows with their error against the source weights.
 *
 * @example
 * ```ts
 * import type { MeasuredQuantization } from '@oellm/quantize';
 * const rmse = (result: MeasuredQuantization, weights: number) => Math.sqrt(result.squaredErrorSum / weights);
 * ```
 */
export interface MeasuredQuantization {
  packed: Uint8Array;
  squaredErrorSum: number;
  maximumError: number;
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
  resolve: (errors: { squaredErrorSum?: number; maximumError?: number }) => void;
  reject: (error: Error) => void;
}

/** About 1 MiB of weights per chunk keeps both workers busy to the end of a tensor. */
const chunkWeights = 1 << 18;

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
      async quantize(typeName, source, rows, columns, importance, options) {
        return quantizeInline(typeName, source, rows, columns, importance, options?.out);
      },
      async quantizeMeasured(typeName, source, rows, columns, importance, options) {
        const type = getQuantType(typeName);
        const packed = quantizeInline(typeName, source, rows, columns, importance, options?.out);
        return { packed, ...measureQuantizationError(type, source, packed, rows, columns) };
      },
      allocateWeights: (byteLength) => new Uint8Array(byteLength),
      async close() {},
    };
  }
  const workerUrl = options.workerUrl ?? new URL('./quantize-worker.js', import.meta.url);
  const workers = Array.from({ length: threads }, () => startWorker(workerUrl));
  const idle = [...workers];
  const waiting: Array<() => void> = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  for (const worker of workers) {
    worker.on('message', (message: { id: number; error?: string; squaredErrorSum?: number; maximumError?: number }) => {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      if (message.error !== undefined) entry.reject(new OellmError({ code: 'worker_failed', message: message.error }));
      else entry.resolve(message);
    });
    worker.on('error', (error) => {
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    });
  }

  async function runOnWorker(task: Omit<QuantizeTask, 'id'>): Promise<{ squaredErrorSum?: number; maximumError?: number }> {
    while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    const worker = idle.pop()!;
    try {
      const id = nextId++;
      return await new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Views on shared memory: the worker reads the rows and writes the packed bytes in place.
        worker.postMessage({ id, ...task });
      });
    } finally {
      idle.push(worker);
      waiting.shift()?.();
    }
  }

  // Shared buffers are freed only once every worker has collected its handles, which idle workers
  // may not do for a long time: one input and one output buffer are kept and reused instead.
  const scratch = { input: createScratch(), output: createScratch() };

  async function quantizeShared(
    typeName: string, source: Float32Array, rows: number, columns: number, importance: Float32Array | undefined,
    measure: boolean, target: Uint8Array | undefined,
  ): Promise<MeasuredQuantization> {
    const type = getQuantType(typeName);
    const rowBytes = (columns / type.blockSize) * type.bytesPerBlock;
    if (target && (!(target.buffer instanceof SharedArrayBuffer) || target.byteLength < rows * rowBytes)) {
      throw new OellmError({ code: 'invalid_output', message: `the output for ${rows} rows of ${typeName} needs ${rows * rowBytes} bytes of shared memory (pool.allocateWeights)` });
    }
    const input = source.buffer instanceof SharedArrayBuffer ? undefined : scratch.input.take(rows * columns * 4);
    const output = target ? undefined : scratch.output.take(rows * rowBytes);
    try {
      const shared = input ? new Float32Array(input.buffer, input.byteOffset, rows * columns) : source;
      if (input) shared.set(source.subarray(0, rows * columns));
      const out = target ?? output!;
      const rowsPerChunk = Math.max(1, Math.floor(chunkWeights / Math.max(columns, 1)));
      const chunks: Array<Promise<{ squaredErrorSum?: number; maximumError?: number }>> = [];
      for (let first = 0; first < rows; first += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, rows - first);
        chunks.push(runOnWorker({
          typeName, rows: count, columns, importance, measure,
          source: shared.subarray(first * columns, (first + count) * columns),
          out: out.subarray(first * rowBytes, (first + count) * rowBytes),
        }));
      }
      let squaredErrorSum = 0;
      let maximumError = 0;
      // Summed in chunk order, so the report does not depend on which worker finished first.
      for (const errors of await Promise.all(chunks)) {
        squaredErrorSum += errors.squaredErrorSum ?? 0;
        maximumError = Math.max(maximumError, errors.maximumError ?? 0);
      }
      // Without a caller's output, the packed bytes leave the reusable buffer as a plain array.
      const packed = target ? target.subarray(0, rows * rowBytes) : output!.slice(0, rows * rowBytes);
      return { packed, squaredErrorSum, maximumError };
    } finally {
      if (input) scratch.input.release(input);
      if (output) scratch.output.release(output);
    }
  }

  return {
    threads,
    async quantize(typeName, source, rows, columns, importance, options) {
      return (await quantizeShared(typeName, source, rows, columns, importance, false, options?.out)).packed;
    },
    quantizeMeasured: (typeName, source, rows, columns, importance, options) => quantizeShared(typeName, source, rows, columns, importance, true, options?.out),
    allocateWeights: (byteLength) => new Uint8Array(new SharedArrayBuffer(byteLength)),
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

function quantizeInline(typeName: string, source: Float32Array, rows: number, columns: number, importance: Float32Array | undefined, out: Uint8Array | undefined): Uint8Array {
  const type = getQuantType(typeName);
  if (!out) return type.quantizeRows(source, rows, columns, importance);
  const rowBytes = (columns / type.blockSize) * type.bytesPerBlock;
  const packed = out.subarray(0, rows * rowBytes);
  quantizeRowsInto(type, source, rows, columns, packed, importance);
  return packed;
}

/** A reusable shared buffer, grown on demand; a call that finds it in use gets a fresh one. */
function createScratch(): { take(byteLength: number): Uint8Array; release(view: Uint8Array): void } {
  let buffer: SharedArrayBuffer | undefined;
  let busy = false;
  return {
    take(byteLength) {
      if (busy) return new Uint8Array(new SharedArrayBuffer(byteLength));
      if (!buffer || buffer.byteLength < byteLength) buffer = new SharedArrayBuffer(byteLength);
      busy = true;
      return new Uint8Array(buffer, 0, byteLength);
    },
    release(view) {
      if (view.buffer === buffer) busy = false;
    },
  };
}
