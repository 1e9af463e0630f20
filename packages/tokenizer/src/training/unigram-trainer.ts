import type { ScoredPiece } from './bpe-merges.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';
import { growableFloat64Array, releaseGrowable, shrinkGrowable } from './growable-arrays.js';
import { PieceTrie, type PieceTrieArrays, type PieceTrieScratch } from './piece-trie.js';
import { UnigramLattices, type PieceScores, type PieceSymbols } from './unigram-lattice.js';
import { keepPieceLoss, pruningLosses, type PruningRound } from './unigram-pruning.js';
import { pieceString, unigramSeedPiecesOfTable } from './unigram-seeds.js';
import type { WordTable } from './word-table.js';

/** spm_train's Unigram-only options (sentencepiece's TrainerSpec defaults). */
export interface UnigramTrainingParameters {
  seedSentencepieceSize: number;
  shrinkingFactor: number;
  numSubIterations: number;
}

// spm's constants (unigram_model_trainer.cc / unigram_model.cc).
const expectedFrequencyThreshold = 0.5;
const unknownPenalty = 10;
const minimumScorePenaltyDelta = 0.0001;
// spm's TrainerModel keeps ModelInterface's unk_id_ = 0, so its lattices send the expected and
// Viterbi counts of unknown nodes (characters the M step dropped as pieces) to piece 0 of its list
// (the first alive seed), and pruning prices an unknown node in a second-best segmentation at that
// piece's frequency. We do the same: with it each round's objective and piece count track
// spm_train's, and held-out compression on the 20 MB benchmark is 3.293 bytes/token (spm 3.296)
// against 3.291 without it.
const unknownNodeCountsToFirstPiece = true;

/**
 * sentencepiece's Digamma (asymptotic series after shifting x above 7), used by the
 * Bayesian M step.
 */
export function digamma(value: number): number {
  let result = 0;
  let x = value;
  for (; x < 7; x++) result -= 1 / x;
  x -= 0.5;
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const inverse4 = inverse2 * inverse2;
  return result + Math.log(x) + inverse2 / 24 - (7 / 960) * inverse4 + (31 / 8064) * inverse4 * inverse2 - (127 / 30720) * inverse4 * inverse4;
}

function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Runs the E step and the Viterbi counts of pruning over the word table (inline or on workers). */
export interface UnigramLatticeExecutor {
  /** Sum over all words of {@link UnigramLattices.expectedCounts} (model and trie as given at creation, updated in place). */
  expectedCounts(scale: number, unknownPiece: number): Promise<Float64Array>;
  /** Sum over all words of {@link UnigramLattices.viterbiFrequencies}. */
  viterbiFrequencies(unknownPiece: number): Promise<Float64Array>;
  /**
   * {@link pruningLosses} of every piece, from the frequencies the last `viterbiFrequencies`
   * returned (which must not have changed since), written into `model.weights` (nothing reads
   * the weights until the next E step recomputes them).
   */
  pruningLosses(round: PruningRound): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates the executor for a table, the seed pieces, the model and the trie of alive pieces,
 * whose arrays the trainer updates in place between calls (they are in shared memory, so
 * workers see the updates).
 */
export type UnigramExecutorFactory = (table: WordTable, pieces: PieceSymbols, model: PieceScores, trie: PieceTrieArrays, maximumPieceLength: number) => Promise<UnigramLatticeExecutor>;

/** The executor that runs everything on the calling thread. */
export const inlineUnigramExecutor: UnigramExecutorFactory = async (table, pieces, model, trieArrays, maximumPieceLength) => {
  const lattices = new UnigramLattices(table, pieces, maximumPieceLength);
  // Plain, not resizable: the E step adds into it in its hottest loop (see workerUnigramExecutor).
  const result = new Float64Array(pieces.starts.length);
  const trie = new PieceTrie(trieArrays);
  return {
    expectedCounts: async (scale, unknownPiece) => lattices.expectedCounts(trie, model, scale, unknownPiece, result),
    viterbiFrequencies: async (unknownPiece) => lattices.viterbiFrequencies(trie, model, unknownPiece, result),
    pruningLosses: async (round) => pruningLosses(lattices, trie, model, result, round, 0, pieces.starts.length, model.weights),
    close: async () => {},
  };
};

/**
 * Learns a Unigram vocabulary as sentencepiece's unigram_model_trainer.cc does: seed pieces
 * (see {@link unigramSeedPieces}), then rounds of `numSubIterations` EM steps (expected counts
 * by forward–backward over each word's lattice; M step with digamma, dropping pieces expected
 * less than 0.5 times) followed by pruning the pieces whose removal loses the least likelihood
 * (keeping `shrinkingFactor` of them per round) until at most 1.1 × vocabularySize remain;
 * finally the required characters are added and the best-scoring pieces kept up to
 * `wantedPieces`. Returns the pieces sorted by score (ties by piece), as spm writes them.
 * The result is the same for every executor (thread count).
 */
export async function learnUnigramPieces(
  table: WordTable,
  requiredCharacters: readonly [number, number][],
  wantedPieces: number,
  options: ResolvedTrainerOptions,
  parameters: UnigramTrainingParameters,
  onRound?: (pieces: number) => void,
  createExecutor: UnigramExecutorFactory = inlineUnigramExecutor,
): Promise<ScoredPiece[]> {
  const { pieces, scores, lexicographicOrder } = unigramSeedPiecesOfTable(table, parameters.seedSentencepieceSize, options);
  const pieceCount = scores.length;
  // Scores, flags and weights in shared memory: workers read the current model without a copy per round.
  const model: PieceScores = {
    scores,
    alive: new Uint8Array(new SharedArrayBuffer(Math.max(1, pieceCount))).fill(1),
    weights: new Float64Array(new SharedArrayBuffer(Math.max(1, pieceCount) * 8), 0, pieceCount),
    unknownScore: 0,
  };
  const updateUnknownScore = (): void => {
    let minimum = Infinity;
    for (let piece = 0; piece < pieceCount; piece++) if (model.alive[piece] === 1 && model.scores[piece]! < minimum) minimum = model.scores[piece]!;
    model.unknownScore = minimum - unknownPenalty;
  };
  updateUnknownScore();
  // Contributions are rounded to multiples of 1/scale so that sums are exact (see expectedCounts):
  // the largest possible total (every character its own token) must stay below 2^52 / scale.
  let totalCharacters = 0;
  let totalWords = 0; // spm's vsum: word occurrences
  for (let word = 0; word < table.counts.length; word++) {
    totalCharacters += table.counts[word]! * (table.offsets[word + 1]! - table.offsets[word]!);
    totalWords += table.counts[word]!;
  }
  const scale = 2 ** Math.min(40, Math.floor(52 - Math.log2(Math.max(1, totalCharacters))));
  // The trie of alive pieces, rebuilt in place only when pieces die.
  // Rebuilt after every pruning and whenever many pieces die: its work arrays are allocated once.
  const trieScratch = PieceTrie.scratchFor(pieceCount);
  let trie = PieceTrie.build(pieces, lexicographicOrder, model.alive, undefined, trieScratch);
  const executor = await createExecutor(table, pieces, model, trie.arrays, options.maxSentencepieceLength);
  try {
    // spm's desired_vocab_size_: EM continues until the vocabulary is within 10% of the target.
    const desiredSize = Math.floor(options.vocabularySize * 1.1);
    let aliveCount = pieceCount;
    let trieSize = pieceCount;
    for (;;) {
      for (let iteration = 0; iteration < parameters.numSubIterations; iteration++) {
        options.signal?.throwIfAborted();
        for (let piece = 0; piece < pieceCount; piece++) model.weights[piece] = model.alive[piece] === 1 ? Math.exp(model.scores[piece]!) : 0;
        const expected = await executor.expectedCounts(scale, unknownPieceOf(model));
        for (let piece = 0; piece < expected.length; piece++) expected[piece]! /= scale;
        aliveCount = maximizationStep(model, expected);
        // Dead pieces are skipped by the lattices; the trie is rebuilt (smaller, faster to walk)
        // only when many died.
        if (aliveCount < 0.8 * trieSize) {
          trie = PieceTrie.build(pieces, lexicographicOrder, model.alive, trie.arrays, trieScratch);
          dropDeadPieces(lexicographicOrder, model.alive, trieScratch);
          trieSize = aliveCount;
        }
        updateUnknownScore();
      }
      onRound?.(aliveCount);
      if (aliveCount <= desiredSize) break;
      aliveCount = await prune(executor, model, desiredSize, parameters.shrinkingFactor, totalWords);
      trie = PieceTrie.build(pieces, lexicographicOrder, model.alive, trie.arrays, trieScratch);
      dropDeadPieces(lexicographicOrder, model.alive, trieScratch);
      trieSize = aliveCount;
      updateUnknownScore();
    }
  } finally {
    await executor.close();
    // Training's own work arrays return their memory before the model is assembled and written
    // (the shared ones go when collected: a shared buffer cannot shrink).
    PieceTrie.releaseScratch(trieScratch);
    releaseGrowable(lexicographicOrder);
  }
  return finalizePieces(pieces, table.codePoints, model, requiredCharacters, wantedPieces);
}

// Dead pieces never come back (the M step and pruning only remove), so once a trie is built
// without them they leave the lexicographic order, and the build's work arrays shrink to the
// pieces left: after the first EM round about two thirds of the seeds are gone.
function dropDeadPieces(lexicographicOrder: Int32Array, alive: Uint8Array, scratch: PieceTrieScratch): void {
  let kept = 0;
  for (let index = 0; index < lexicographicOrder.length; index++) if (alive[lexicographicOrder[index]!] === 1) lexicographicOrder[kept++] = lexicographicOrder[index]!;
  shrinkGrowable(lexicographicOrder, kept);
  shrinkGrowable(scratch.order, kept);
  shrinkGrowable(scratch.common, kept);
}

// Where spm's lattice sends unknown nodes' counts (see unknownNodeCountsToFirstPiece).
function unknownPieceOf(model: PieceScores): number {
  if (!unknownNodeCountsToFirstPiece) return -1;
  for (let piece = 0; piece < model.alive.length; piece++) if (model.alive[piece] === 1) return piece;
  return -1;
}

// RunMStep: Bayesian EM — score = digamma(expected) − digamma(total); rare pieces are removed.
function maximizationStep(model: PieceScores, expected: Float64Array): number {
  let sum = 0;
  let alive = 0;
  for (let piece = 0; piece < expected.length; piece++) {
    if (model.alive[piece] !== 1) continue;
    if (expected[piece]! < expectedFrequencyThreshold) {
      model.alive[piece] = 0;
      continue;
    }
    sum += expected[piece]!;
    alive++;
  }
  const logSum = digamma(sum);
  for (let piece = 0; piece < expected.length; piece++) if (model.alive[piece] === 1) model.scores[piece] = digamma(expected[piece]!) - logSum;
  return alive;
}

// PruneSentencePieces: removes the pieces whose loss of corpus likelihood (when their Viterbi
// frequency moves to their second-best segmentation) is smallest; returns the alive count. The
// Viterbi frequencies and then the losses are computed by the executor (on all threads).
async function prune(executor: UnigramLatticeExecutor, model: PieceScores, desiredSize: number, shrinkingFactor: number, totalSentences: number): Promise<number> {
  const unknownPiece = unknownPieceOf(model);
  const frequency = await executor.viterbiFrequencies(unknownPiece);
  const pieceCount = model.alive.length;
  let aliveCount = 0;
  let frequencySum = 0;
  for (let piece = 0; piece < pieceCount; piece++) {
    if (model.alive[piece] !== 1) continue;
    aliveCount++;
    frequencySum += frequency[piece]!;
  }
  await executor.pruningLosses({ frequencySum, aliveCount, totalSentences, unknownPiece });
  const loss = model.weights;
  let keptCount = 0;
  for (let piece = 0; piece < pieceCount; piece++) if (loss[piece] === keepPieceLoss) keptCount++;
  const prunedSize = Math.max(desiredSize, Math.floor(shrinkingFactor * aliveCount));
  // Keep the `room` candidates of highest loss, ties by lower piece id.
  const room = Math.max(0, prunedSize - keptCount);
  for (let piece = 0; piece < pieceCount; piece++) model.alive[piece] = loss[piece] === keepPieceLoss ? 1 : 0;
  // Sized for this round and returned to the system at its end (a resizable buffer): between
  // prunings it takes no memory.
  const work = growableFloat64Array(aliveCount, aliveCount);
  const taken = selectHighestLosses(loss, pieceCount, room, work, (piece) => (model.alive[piece] = 1));
  releaseGrowable(work);
  return keptCount + taken;
}

/**
 * Calls `select` for the `room` indices below `count` whose `loss` is finite (the candidates;
 * see {@link keepPieceLoss}, {@link dropPieceLoss}) with the highest `loss`, ties by lower index — the first `room` of the candidates sorted by (loss descending,
 * index), as spm's pruning takes them — and returns how many it selected. Only the set matters,
 * so instead of sorting the candidates with a comparator (a copy in the JS heap), the room-th
 * highest loss is found in a sorted copy of the losses (`work`, at least as long as the number of
 * candidates); the candidates above it are taken, then those equal to it in index order.
 *
 * @example
 * ```ts
 * const chosen: number[] = [];
 * selectHighestLosses(Float64Array.of(1, 3, Infinity, 3), 4, 2, new Float64Array(4), (index) => chosen.push(index));
 * // chosen: [1, 3]
 * ```
 */
export function selectHighestLosses(loss: Float64Array, count: number, room: number, work: Float64Array, select: (index: number) => void): number {
  let candidates = 0;
  for (let index = 0; index < count; index++) if (Number.isFinite(loss[index])) work[candidates++] = loss[index]!;
  if (room <= 0 || candidates === 0) return 0;
  const threshold = candidates <= room ? -Infinity : work.subarray(0, candidates).sort()[candidates - room]!;
  let taken = 0;
  for (let index = 0; index < count; index++) {
    if (Number.isFinite(loss[index]) && (threshold === -Infinity || loss[index]! > threshold)) {
      select(index);
      taken++;
    }
  }
  for (let index = 0; index < count && taken < room; index++) {
    if (Number.isFinite(loss[index]) && loss[index] === threshold) {
      select(index);
      taken++;
    }
  }
  return taken;
}

/**
 * The order in which the final pieces are chosen (FinalizeSentencePieces keeps the best scores),
 * as a sort comparator over `[piece, score]`: higher score as stored in the model (float32)
 * first, then the longer piece (in characters), then by string.
 *
 * Why: scores that round to the same float32 cannot be told apart by the model that is written,
 * and spm orders them by string, which is arbitrary. On the 20 MB benchmark the cut falls inside
 * a group of ~1,100 pieces seen about once (scores ≈ −13.3003); keeping the longer ones (more
 * characters per token when they match) gave 3.2968 held-out bytes/token against 3.2940 by
 * string and 3.2939 by the unrounded score, from the same alive pieces (spm_train: 3.2959). The
 * choice within such a group is worth about ±0.1 % (longer in bytes 3.2958, shorter 3.2961); at
 * 2 MB, vocab 8000: 2.46231 against 2.46221 by the unrounded score (spm_train 2.46229).
 *
 * @example
 * ```ts
 * [['ab', -13.30033308], ['abcd', -13.30033309]].sort(bySelectionPreference); // abcd first: equal as float32
 * ```
 */
export function bySelectionPreference(left: [string, number], right: [string, number]): number {
  return Math.fround(right[1]) - Math.fround(left[1]) || codePointLength(right[0]) - codePointLength(left[0]) || compareStrings(left[0], right[0]);
}

function codePointLength(text: string): number {
  let length = 0;
  for (let unit = 0; unit < text.length; unit++) {
    const code = text.charCodeAt(unit);
    if (code < 0xd800 || code > 0xdbff) length++;
  }
  return length;
}

// FinalizeSentencePieces: required characters first (missing ones get the lowest score plus a
// growing penalty so they do not tie), then the best-scoring pieces up to the wanted size.
function finalizePieces(pieces: PieceSymbols, codePoints: Int32Array, model: PieceScores, requiredCharacters: readonly [number, number][], wantedPieces: number): ScoredPiece[] {
  const alive = new Map<string, number>();
  let minimumScore = Infinity;
  for (let piece = 0; piece < model.alive.length; piece++) {
    if (model.alive[piece] !== 1) continue;
    alive.set(pieceString(pieces, piece, codePoints), model.scores[piece]!);
    minimumScore = Math.min(minimumScore, model.scores[piece]!);
  }
  const final = new Map<string, number>();
  let penalty = 0;
  for (const [character] of requiredCharacters) {
    const piece = String.fromCodePoint(character);
    const score = alive.get(piece);
    if (score !== undefined) final.set(piece, score);
    else {
      final.set(piece, minimumScore + penalty);
      penalty += minimumScorePenaltyDelta;
    }
  }
  const byScore = (left: [string, number], right: [string, number]): number => right[1] - left[1] || compareStrings(left[0], right[0]);
  for (const [piece, score] of [...alive].sort(bySelectionPreference)) {
    if (final.size >= wantedPieces) break;
    if (!final.has(piece)) final.set(piece, score);
  }
  return [...final].sort(byScore).map(([piece, score]) => ({ piece, score }));
}
