import type { ScoredPiece } from './bpe-merges.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';
import { addExpectedCounts, buildEdgeList, twoBestSegmentations, viterbiPath, type PieceScores } from './unigram-lattice.js';
import { unigramSeedPieces } from './unigram-seeds.js';

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

/**
 * Learns a Unigram vocabulary as sentencepiece's unigram_model_trainer.cc does: seed pieces
 * (see {@link unigramSeedPieces}), then rounds of `numSubIterations` EM steps (expected counts
 * by forward–backward over each word's lattice; M step with digamma, dropping pieces expected
 * less than 0.5 times) followed by pruning the pieces whose removal loses the least likelihood
 * (keeping `shrinkingFactor` of them per round) until at most 1.1 × vocabularySize remain;
 * finally the required characters are added and the best-scoring pieces kept up to
 * `wantedPieces`. Returns the pieces sorted by score (ties by piece), as spm writes them.
 */
export function learnUnigramPieces(
  words: readonly [string, number][],
  requiredCharacters: readonly [number, number][],
  wantedPieces: number,
  options: ResolvedTrainerOptions,
  parameters: UnigramTrainingParameters,
  onRound?: (pieces: number) => void,
): ScoredPiece[] {
  const seeds = unigramSeedPieces(words, parameters.seedSentencepieceSize, options);
  const pieceIds = new Map<string, number>();
  seeds.forEach(({ piece }, index) => pieceIds.set(piece, index));
  const model: PieceScores = { scores: Float64Array.from(seeds, (seed) => seed.score), alive: new Uint8Array(seeds.length).fill(1), unknownScore: 0 };
  const updateUnknownScore = (): void => {
    let minimum = Infinity;
    for (let piece = 0; piece < seeds.length; piece++) if (model.alive[piece] === 1 && model.scores[piece]! < minimum) minimum = model.scores[piece]!;
    model.unknownScore = minimum - unknownPenalty;
  };
  updateUnknownScore();
  const edges = buildEdgeList(
    words.map(([word]) => Array.from(word)),
    pieceIds,
    options.maxSentencepieceLength,
  );
  const counts = Float64Array.from(words, ([, count]) => count);
  // spm's desired_vocab_size_: EM continues until the vocabulary is within 10% of the target.
  const desiredSize = Math.floor(options.vocabularySize * 1.1);
  let aliveCount = seeds.length;
  const expected = new Float64Array(seeds.length);
  for (;;) {
    for (let iteration = 0; iteration < parameters.numSubIterations; iteration++) {
      options.signal?.throwIfAborted();
      expected.fill(0);
      addExpectedCounts(edges, counts, model, expected);
      aliveCount = maximizationStep(model, expected);
      updateUnknownScore();
    }
    onRound?.(aliveCount);
    if (aliveCount <= desiredSize) break;
    aliveCount = prune(edges, counts, seeds, pieceIds, model, desiredSize, parameters.shrinkingFactor, options.maxSentencepieceLength);
    updateUnknownScore();
  }
  return finalizePieces(seeds, model, requiredCharacters, wantedPieces);
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
// frequency moves to their second-best segmentation) is smallest; returns the alive count.
function prune(
  edges: ReturnType<typeof buildEdgeList>,
  counts: Float64Array,
  seeds: readonly ScoredPiece[],
  pieceIds: ReadonlyMap<string, number>,
  model: PieceScores,
  desiredSize: number,
  shrinkingFactor: number,
  maximumPieceLength: number,
): number {
  const alivePieces: number[] = [];
  for (let piece = 0; piece < seeds.length; piece++) if (model.alive[piece] === 1) alivePieces.push(piece);
  // Each piece's own string: is the piece its best segmentation, and what is the second best?
  const pieceEdges = buildEdgeList(
    alivePieces.map((piece) => Array.from(seeds[piece]!.piece)),
    pieceIds,
    maximumPieceLength,
  );
  const alwaysKeep = new Uint8Array(seeds.length);
  const alternatives = new Map<number, number[]>();
  alivePieces.forEach((piece, index) => {
    const [best, second] = twoBestSegmentations(pieceEdges, index, model);
    if (second === undefined) alwaysKeep[piece] = 1;
    else if (best.length === 1) {
      alwaysKeep[piece] = 1;
      alternatives.set(piece, second);
    }
  });
  // Viterbi frequencies over the word table.
  const frequency = new Float64Array(seeds.length);
  let maximumLength = 1;
  for (let word = 0; word < edges.lengths.length; word++) maximumLength = Math.max(maximumLength, edges.lengths[word]!);
  const path = new Int32Array(maximumLength);
  const best = new Float64Array(maximumLength + 1);
  const backPointer = new Int32Array(maximumLength + 1);
  let totalSentences = 0;
  for (let word = 0; word < edges.lengths.length; word++) {
    totalSentences += counts[word]!;
    const size = viterbiPath(edges, word, model, path, best, backPointer);
    for (let index = 0; index < size; index++) {
      const piece = edges.pieces[path[index]!]!;
      if (piece >= 0 && model.alive[piece] === 1) frequency[piece]! += counts[word]!;
    }
  }
  let sum = 0;
  for (const piece of alivePieces) sum += frequency[piece]!;
  const logSum = Math.log(sum);
  const kept: number[] = [];
  const candidates: [number, number][] = [];
  for (const piece of alivePieces) {
    if (frequency[piece] === 0 || alwaysKeep[piece] !== 1) continue;
    const alternative = alternatives.get(piece);
    if (alternative === undefined) {
      kept.push(piece);
      continue;
    }
    // spm's F: the share of sentences (with multiplicity) whose best path uses the piece.
    const share = frequency[piece]! / totalSentences;
    const logProbability = Math.log(frequency[piece]!) - logSum;
    const logSumAlternative = Math.log(sum + frequency[piece]! * (alternative.length - 1));
    let logProbabilityAlternative = 0;
    for (const other of alternative) logProbabilityAlternative += Math.log((other >= 0 ? frequency[other]! : 0) + frequency[piece]!) - logSumAlternative;
    candidates.push([piece, share * (logProbability - logProbabilityAlternative)]);
  }
  const prunedSize = Math.max(desiredSize, Math.floor(shrinkingFactor * alivePieces.length));
  candidates.sort((left, right) => right[1] - left[1] || left[0] - right[0]);
  for (const [piece] of candidates) {
    if (kept.length >= prunedSize) break;
    kept.push(piece);
  }
  model.alive.fill(0);
  for (const piece of kept) model.alive[piece] = 1;
  return kept.length;
}

// FinalizeSentencePieces: required characters first (missing ones get the lowest score plus a
// growing penalty so they do not tie), then the best-scoring pieces up to the wanted size.
function finalizePieces(seeds: readonly ScoredPiece[], model: PieceScores, requiredCharacters: readonly [number, number][], wantedPieces: number): ScoredPiece[] {
  const alive = new Map<string, number>();
  let minimumScore = Infinity;
  for (let piece = 0; piece < seeds.length; piece++) {
    if (model.alive[piece] !== 1) continue;
    alive.set(seeds[piece]!.piece, model.scores[piece]!);
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
  for (const [piece, score] of [...alive].sort(byScore)) {
    if (final.size >= wantedPieces) break;
    if (!final.has(piece)) final.set(piece, score);
  }
  return [...final].sort(byScore).map(([piece, score]) => ({ piece, score }));
}
