import type { Worker } from 'node:worker_threads';
import { builtWorkerEntry, startWorker } from '@oellm/core';
import type { SentenceCounterSettings } from './sentence-counter.js';
import type { UnigramExecutorFactory } from './unigram-trainer.js';
import { UnigramLattices, type PieceScores, type PieceSymbols, type WordShard } from './unigram-lattice.js';
import { PieceTrie, type PieceTrieArrays } from './piece-trie.js';
import { pruningBoundaries, pruningLosses, type PruningRound } from './unigram-pruning.js';
import { inlineUnigramExecutor } from './unigram-trainer.js';
import type { WordFrequencyTableData } from './word-frequency-table.js';
import { ThreadShares } from './unigram-thread-shares.js';

/** Messages to a training worker (see training-worker.ts); each gets one {@link TrainingResponse}. */
export type TrainingRequest =
  | { type: 'count-start'; settings: SentenceCounterSettings }
  | { type: 'count'; sentences: string[] }
  | { type: 'count-finish' }
  | { type: 'lattices'; table: WordShard; firstWord: number; lastWord: number; pieces: PieceSymbols; model: PieceScores; trie: PieceTrieArrays; result: Float64Array; frequency: Float64Array; maximumPieceLength: number }
  | { type: 'expected'; unknownScore: number; scale: number; unknownPiece: number; firstWord: number; lastWord: number }
  | { type: 'viterbi'; unknownScore: number; unknownPiece: number; firstWord: number; lastWord: number }
  | { type: 'pruning-losses'; unknownScore: number; round: PruningRound; firstPiece: number; lastPiece: number };

export interface TrainingResponse {
  error?: string;
  table?: WordFrequencyTableData;
  skippedEmpty?: number;
  prunedWordOccurrences?: number;
  /** How long an E step or Viterbi request computed (ms), for {@link ThreadShares}. */
  milliseconds?: number;
}

/**
 * The worker entry beside this module in the built package (`dist/training-worker.js`); undefined
 * when running from TypeScript sources (tests in the monorepo), where training runs inline.
 */
export function trainingWorkerEntry(): URL | undefined {
  return builtWorkerEntry('training-worker.js', import.meta.url);
}

/** Long-lived training workers; requests to one worker are answered in order. */
export class TrainingWorkerPool {
  private readonly pending: { resolve: (response: TrainingResponse) => void; reject: (error: Error) => void }[][];
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    this.pending = workers.map(() => []);
    workers.forEach((worker, index) => {
      worker.on('message', (response: TrainingResponse) => {
        const waiting = this.pending[index]!.shift();
        if (!waiting) return;
        if (response.error !== undefined) waiting.reject(new Error(`training worker failed: ${response.error}`));
        else waiting.resolve(response);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (this.pending[index]!.length > 0) this.fail(new Error(`training worker exited with code ${code}`));
      });
    });
  }

  /** `threads` workers from the built package, or undefined when there is no worker entry. */
  static create(threads: number): TrainingWorkerPool | undefined {
    const entry = trainingWorkerEntry();
    if (!entry || threads < 1) return undefined;
    // A small young generation per worker: counting makes many short-lived strings, and three
    // isolates with the default (up to 48 MB each) would dominate peak memory.
    const resourceLimits = { maxYoungGenerationSizeMb: 8 };
    return new TrainingWorkerPool(Array.from({ length: threads }, () => startWorker(entry, { resourceLimits })));
  }

  get size(): number {
    return this.workers.length;
  }

  request(worker: number, request: TrainingRequest, transfer: ArrayBuffer[] = []): Promise<TrainingResponse> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending[worker]!.push({ resolve, reject });
      this.workers[worker]!.postMessage(request, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const queue of this.pending) for (const waiting of queue.splice(0)) waiting.reject(error);
  }
}

/**
 * Runs the Unigram E step and Viterbi counts on `threads` threads: the calling thread takes the
 * first shard of the table and `threads - 1` workers one shard each (everything inline with
 * `threads` 0 or 1, or when running from TypeScript sources). Working on the calling thread
 * instead of leaving it idle saves a worker's isolate and malloc arena (tens of MB) for the same
 * parallelism. The table, the pieces, the model and the trie are in shared memory, shared once;
 * the trainer updates them in place, so per round only a few numbers travel. Partial sums are
 * exact (see UnigramLattices.expectedCounts), so every thread count gives the same model.
 */
export function workerUnigramExecutor(threads: number): UnigramExecutorFactory {
  return async (table, pieces, model, trieArrays, maximumPieceLength) => {
    const pool = threads >= 2 ? TrainingWorkerPool.create(threads - 1) : undefined;
    if (!pool) return inlineUnigramExecutor(table, pieces, model, trieArrays, maximumPieceLength);
    // The table split by the threads' measured speeds (see ThreadShares), updated after every step.
    const shares = new ThreadShares(table.offsets, pool.size + 1);
    const { symbols, offsets, counts } = table;
    const pieceCount = pieces.starts.length;
    const local = new UnigramLattices(table, pieces, maximumPieceLength, shares.boundaries[0]!, shares.boundaries[1]!);
    const trie = new PieceTrie(trieArrays);
    // Not a resizable array: the E step adds into it in its hottest loop, and V8 (Node 20) reads
    // and writes arrays over resizable buffers about half as fast (shared ones are as fast as plain
    // ones). Shared, because the workers read the Viterbi frequencies from it for pruning.
    const total = new Float64Array(new SharedArrayBuffer(Math.max(1, pieceCount) * 8), 0, pieceCount);
    const results = Array.from({ length: pool.size }, () => new Float64Array(new SharedArrayBuffer(Math.max(1, pieceCount) * 8), 0, pieceCount));
    await Promise.all(
      results.map((result, worker) =>
        pool.request(worker, { type: 'lattices', table: { symbols, offsets, counts }, firstWord: shares.boundaries[worker + 1]!, lastWord: shares.boundaries[worker + 2]!, pieces, model, trie: trieArrays, result, frequency: total, maximumPieceLength }),
      ),
    );
    // The workers start first (each told its words), then this thread does its own shard while they run.
    const gather = async (request: (worker: number) => TrainingRequest, runLocal: () => void): Promise<Float64Array> => {
      const replies = Promise.all(results.map((_, worker) => pool.request(worker, request(worker))));
      local.serveWords(shares.boundaries[0]!, shares.boundaries[1]!);
      const started = performance.now();
      try {
        runLocal();
      } finally {
        const localMilliseconds = performance.now() - started;
        const responses = await replies;
        shares.update([localMilliseconds, ...responses.map((response) => response.milliseconds ?? 0)]);
      }
      // In shard order (the sums are exact anyway).
      for (const part of results) for (let piece = 0; piece < pieceCount; piece++) total[piece]! += part[piece]!;
      return total;
    };
    const wordsOf = (worker: number) => ({ firstWord: shares.boundaries[worker + 1]!, lastWord: shares.boundaries[worker + 2]! });
    return {
      expectedCounts: (scale, unknownPiece) => gather((worker) => ({ type: 'expected', unknownScore: model.unknownScore, scale, unknownPiece, ...wordsOf(worker) }), () => local.expectedCounts(trie, model, scale, unknownPiece, total)),
      viterbiFrequencies: (unknownPiece) => gather((worker) => ({ type: 'viterbi', unknownScore: model.unknownScore, unknownPiece, ...wordsOf(worker) }), () => local.viterbiFrequencies(trie, model, unknownPiece, total)),
      // The pieces split by work and the threads' speeds; this thread takes the first range, as for the words.
      pruningLosses: async (round) => {
        const pieceBoundaries = pruningBoundaries(pieces, model.alive, shares.speeds);
        const replies = Promise.all(results.map((_, worker) => pool.request(worker, { type: 'pruning-losses', unknownScore: model.unknownScore, round, firstPiece: pieceBoundaries[worker + 1]!, lastPiece: pieceBoundaries[worker + 2]! })));
        try {
          pruningLosses(local, trie, model, total, round, pieceBoundaries[0]!, pieceBoundaries[1]!, model.weights);
        } finally {
          await replies;
        }
      },
      close: () => pool.close(),
    };
  };
}
