import type { PieceTrie } from './piece-trie.js';
import type { PieceScores, PieceSymbols, UnigramLattices } from './unigram-lattice.js';

/**
 * What pruning needs besides the model: the Viterbi frequencies of the round (their sum over
 * the alive pieces, the number of alive pieces) and spm's sentence count.
 */
export interface PruningRound {
  /** Σ of the Viterbi frequencies over the alive pieces. */
  frequencySum: number;
  aliveCount: number;
  /** spm's vsum: word occurrences (sentences in spm's terms). */
  totalSentences: number;
  /** Where unknown nodes of a second-best segmentation count (see the trainer's unknownPieceOf). */
  unknownPiece: number;
}

/** The loss written for a piece pruning must keep (its string has no other segmentation). */
export const keepPieceLoss = Infinity;
/** The loss written for a piece pruning drops (dead, never on a best path, or not its own best segmentation). */
export const dropPieceLoss = -Infinity;

/**
 * Pruning's loss (spm's PruneSentencePieces) of each piece in `firstPiece` … `lastPiece - 1`,
 * written into `loss[piece]`: the likelihood the corpus loses when the piece's Viterbi
 * frequency moves to its second-best segmentation — finite for a candidate,
 * {@link keepPieceLoss} or {@link dropPieceLoss} otherwise. `frequency` holds the round's Viterbi
 * frequencies of all pieces. Each piece's loss depends only on the model and the frequencies,
 * so ranges may run on different threads (each with its own `lattices`) and give the losses
 * one thread gives, bit for bit.
 *
 * @example
 * ```ts
 * // Two threads, each over half of the pieces, into the same shared `loss` array:
 * pruningLosses(lattices, trie, model, frequency, round, 0, middle, loss);
 * pruningLosses(otherLattices, trie, model, frequency, round, middle, pieceCount, loss);
 * ```
 */
export function pruningLosses(lattices: UnigramLattices, trie: PieceTrie, model: PieceScores, frequency: Float64Array, round: PruningRound, firstPiece: number, lastPiece: number, loss: Float64Array): void {
  const { frequencySum, aliveCount, totalSentences, unknownPiece } = round;
  const logSum = Math.log(frequencySum);
  let path = new Int32Array(64);
  for (let piece = firstPiece; piece < lastPiece; piece++) {
    const pieceFrequency = frequency[piece]!;
    // A piece no best path uses is dropped whatever its segmentations are.
    if (model.alive[piece] !== 1 || pieceFrequency === 0) {
      loss[piece] = dropPieceLoss;
      continue;
    }
    if (path.length <= lattices.pieceLength(piece)) path = new Int32Array(2 * lattices.pieceLength(piece) + 1);
    const length = lattices.secondBestSegmentation(trie, piece, model, unknownPiece, path);
    if (length <= 0) {
      // -1: the only segmentation (kept); 0: another segmentation is better (dropped).
      loss[piece] = length === -1 ? keepPieceLoss : dropPieceLoss;
      continue;
    }
    // spm's F: the share of sentences (with multiplicity) whose best path uses the piece.
    const share = pieceFrequency / totalSentences;
    const logProbability = Math.log(pieceFrequency) - logSum;
    // spm 0.1.97 (the reference here) scales by the number of pieces, `alternatives.size() - 1`,
    // where the comment above it means the alternative's length (fixed in 0.1.99). Keeping spm's
    // arithmetic prunes frequent short-lived pieces harder, which compresses held-out text better:
    // 2.481 bytes/token vs 2.418 with the alternative's length (spm_train 2.479) in the FLORES test.
    const logSumAlternative = Math.log(frequencySum + pieceFrequency * (aliveCount - 1));
    let logProbabilityAlternative = 0;
    for (let index = 0; index < length; index++) {
      const other = path[index]!;
      logProbabilityAlternative += Math.log((other >= 0 ? frequency[other]! : 0) + pieceFrequency) - logSumAlternative;
    }
    loss[piece] = share * (logProbability - logProbabilityAlternative);
  }
}

/**
 * Splits the piece ids into contiguous ranges, one per thread, whose pruning work (a piece's
 * second-best search costs about its length squared; dead pieces cost nothing) is in proportion
 * to `shares` (the threads' relative speeds); returns the `shares.length + 1` boundaries.
 *
 * @example
 * ```ts
 * pruningBoundaries(pieces, model.alive, [1, 1]); // [0, middle, pieceCount]
 * ```
 */
export function pruningBoundaries(pieces: PieceSymbols, alive: Uint8Array, shares: readonly number[]): number[] {
  const pieceCount = pieces.lengths.length;
  let total = 0;
  for (let piece = 0; piece < pieceCount; piece++) if (alive[piece] === 1) total += pieces.lengths[piece]! * pieces.lengths[piece]!;
  const shareSum = shares.reduce((left, right) => left + right, 0);
  const boundaries = [0];
  let work = 0;
  let piece = 0;
  let cumulative = 0;
  for (let part = 0; part < shares.length - 1; part++) {
    cumulative += shares[part]!;
    const target = (total * cumulative) / shareSum;
    for (; piece < pieceCount && work < target; piece++) if (alive[piece] === 1) work += pieces.lengths[piece]! * pieces.lengths[piece]!;
    boundaries.push(piece);
  }
  boundaries.push(pieceCount);
  return boundaries;
}
