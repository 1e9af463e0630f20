import { PieceType } from '../model/model-proto.js';
import { oneCharLength } from '../normalizer/utf8.js';
import { PieceDoubleArray } from './piece-double-array.js';
import type { Segmentation, SegmentEncoder } from './segment-encoder.js';
import { UnigramKernel, unigramKernelAvailable } from './unigram-kernel.js';
import type { Vocabulary } from './vocabulary.js';

const fround = Math.fround;
// spm's kUnkPenalty: an unknown character costs 10 more than the rarest piece.
const unknownPenalty = 10;
const floatMax = 3.4028234663852886e38;
const floatMin = 1.1754943508222875e-38;

/**
 * Unigram Viterbi exactly as sentencepiece's unigram::Model::EncodeOptimized: best path per
 * byte position, float32 scores, user-defined symbols boosted to always win, and an unknown
 * node for a character no piece starts with. Ties go to the earliest start, as in spm.
 *
 * Each call also reports how robust its decisions were ({@link smallestMargin},
 * {@link largestMagnitude}), which the word cache needs to reuse a word's segmentation at
 * another path score (see word-segmenter.ts).
 */
export class UnigramEncoder implements SegmentEncoder {
  private readonly unknownScore: number;
  /** Normal and user-defined pieces (UNUSED ones never take part in spm's Viterbi). */
  private readonly pieces: PieceDoubleArray;
  /**
   * What each piece adds to a path score, as spm computes it: its float score, or for a
   * user-defined piece `length * max_score - 0.1` in double (so it always wins).
   */
  private readonly terms: Float64Array;
  /** The largest |term| of any piece or of the unknown node. */
  private readonly largestTerm: number;
  private bestScore = new Float32Array(256);
  private bestStart = new Int32Array(256);
  private bestId = new Int32Array(256);
  private ends = new Int32Array(256);
  /** After a call with `measure`: the smallest |candidate − best so far| over every comparison (0 on a tie). */
  smallestMargin = Infinity;
  /** After a call with `measure`: the largest |candidate path score| seen. */
  largestMagnitude = 0;

  /**
   * Longer texts go through the JavaScript loop: the kernel's memory (about 30 bytes per byte of
   * the longest text seen) can only grow, and stays with the tokenizer. A static for the tests.
   */
  static largestKernelText = 1 << 24;
  /** The WebAssembly Viterbi (same pieces, bit for bit), when enabled and available. */
  private readonly kernel: UnigramKernel | undefined;

  /**
   * @param useKernel run the Viterbi in WebAssembly (default, when the runtime has it); false keeps
   *   the JavaScript loop below, which the differential tests compare the kernel with.
   */
  constructor(
    private readonly vocabulary: Vocabulary,
    useKernel = true,
  ) {
    let minimum = floatMax;
    let maximum = floatMin;
    for (let id = 0; id < vocabulary.size; id++) {
      if (vocabulary.types[id] !== PieceType.normal) continue;
      minimum = Math.min(minimum, vocabulary.scores[id]!);
      maximum = Math.max(maximum, vocabulary.scores[id]!);
    }
    this.unknownScore = fround(minimum - unknownPenalty);
    this.terms = new Float64Array(vocabulary.size);
    const entries: [Uint8Array, number][] = [];
    for (let id = 0; id < vocabulary.size; id++) {
      const type = vocabulary.types[id]!;
      if (type !== PieceType.normal && type !== PieceType.userDefined) continue;
      entries.push([vocabulary.pieceBytes[id]!, id]);
      this.terms[id] = type === PieceType.userDefined ? fround(vocabulary.pieceBytes[id]!.length * maximum) - 0.1 : vocabulary.scores[id]!;
    }
    this.terms[vocabulary.unknownId] = this.unknownScore;
    let largestTerm = 0;
    for (let id = 0; id < vocabulary.size; id++) largestTerm = Math.max(largestTerm, Math.abs(this.terms[id]!));
    this.largestTerm = largestTerm;
    this.pieces = new PieceDoubleArray(entries);
    // Each node's payload: the piece's score, or NaN for a user-defined piece (its term is a double).
    const { units, payloads } = this.pieces;
    for (let node = 0; node * 4 < units.length; node++) {
      const id = units[node * 4 + 2]!;
      if (id >= 0) payloads[node * 4 + 3] = vocabulary.types[id] === PieceType.userDefined ? Number.NaN : vocabulary.scores[id]!;
    }
    this.kernel = useKernel && unigramKernelAvailable ? new UnigramKernel(units, this.terms, this.unknownScore, vocabulary.unknownId, largestTerm) : undefined;
  }

  /**
   * Appends the best segmentation of `normalized[start, end)` to `out`, starting from path score
   * `seed`, with each piece's score term in `out.scores` (the word cache replays them). `measure`
   * records {@link smallestMargin} and {@link largestMagnitude}.
   */
  segment(normalized: Uint8Array, start: number, end: number, out: Segmentation, seed = 0, measure = false): void {
    if (this.kernel && end - start <= UnigramEncoder.largestKernelText) {
      this.kernel.segment(normalized, start, end, out, seed, measure, this.terms);
      if (measure) {
        this.smallestMargin = this.kernel.smallestMargin;
        this.largestMagnitude = this.kernel.largestMagnitude;
      }
      return;
    }
    const size = end - start;
    this.smallestMargin = Infinity;
    this.largestMagnitude = 0;
    if (size <= 0) return;
    if (this.bestScore.length < size + 1) {
      const capacity = Math.max(size + 1, this.bestScore.length * 2);
      this.bestScore = new Float32Array(capacity);
      this.bestStart = new Int32Array(capacity);
      this.bestId = new Int32Array(capacity);
      this.ends = new Int32Array(capacity);
    }
    const bestScore = this.bestScore;
    const bestStart = this.bestStart;
    const bestId = this.bestId;
    // -Infinity marks a position no path reaches yet: the first candidate always beats it (spm
    // takes the first candidate unconditionally), and its margin (infinite) is no near-tie.
    bestScore.fill(-Infinity, 1, size + 1);
    bestScore[0] = seed;
    const { unknownId } = this.vocabulary;
    const { units, payloads } = this.pieces;
    const terms = this.terms;
    const unknownScore = this.unknownScore;
    let smallestMargin = Infinity;
    let largestPrefix = 0;

    // Positions are relative to `start`: bestScore[k] is the best path score of normalized[start, start + k).
    let startsAt = 0;
    while (startsAt < size) {
      const scoreTillHere = bestScore[startsAt]!;
      if (measure && (scoreTillHere < 0 ? -scoreTillHere : scoreTillHere) > largestPrefix) largestPrefix = scoreTillHere < 0 ? -scoreTillHere : scoreTillHere;
      let hasSingleNode = false;
      const lead = normalized[start + startsAt]!;
      let characterLength = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
      if (characterLength > size - startsAt) characterLength = size - startsAt;
      const singleNodeEnd = startsAt + characterLength;
      let node = 0;
      for (let keyPosition = startsAt; keyPosition < size; ) {
        const next = units[node * 4]! + normalized[start + keyPosition]!;
        if (units[next * 4 + 1] !== node) break;
        node = next;
        keyPosition++;
        const id = units[node * 4 + 2]!;
        if (id < 0) continue;
        // In spm the score expression `user_defined ? length * max_score_ - 0.1 : score` has
        // type double, so the sum is compared in double and only rounded to float when stored.
        let term = payloads[node * 4 + 3]!;
        if (term !== term) term = terms[id]!;
        const candidate = term + scoreTillHere;
        const margin = candidate - bestScore[keyPosition]!;
        if (margin > 0) {
          bestScore[keyPosition] = candidate;
          bestStart[keyPosition] = startsAt;
          bestId[keyPosition] = id;
        }
        if (measure && (margin < 0 ? -margin : margin) < smallestMargin) smallestMargin = margin < 0 ? -margin : margin;
        if (keyPosition === singleNodeEnd) hasSingleNode = true;
      }
      if (!hasSingleNode) {
        // float + float: this sum is rounded to float before the comparison.
        const candidate = fround(unknownScore + scoreTillHere);
        const margin = candidate - bestScore[singleNodeEnd]!;
        if (margin > 0) {
          bestScore[singleNodeEnd] = candidate;
          bestStart[singleNodeEnd] = startsAt;
          bestId[singleNodeEnd] = unknownId;
        }
        if (measure && (margin < 0 ? -margin : margin) < smallestMargin) smallestMargin = margin < 0 ? -margin : margin;
      }
      startsAt = singleNodeEnd;
    }
    this.smallestMargin = smallestMargin;
    // Every candidate is a term plus the score of the position it starts from, so this bounds
    // |candidate| from above (the cache's rule needs an upper bound, not the exact maximum).
    this.largestMagnitude = largestPrefix + this.largestTerm;

    // Backtrack, then append the pieces left to right with the score term each added.
    const ends = this.ends;
    let count = 0;
    for (let endsAt = size; endsAt > 0; endsAt = bestStart[endsAt]!) ends[count++] = endsAt;
    out.reserve(count);
    const outIds = out.ids;
    const outLengths = out.lengths;
    const outScores = out.scores;
    let at = out.count;
    for (let index = count - 1; index >= 0; index--, at++) {
      const endsAt = ends[index]!;
      const id = bestId[endsAt]!;
      outIds[at] = id;
      outLengths[at] = endsAt - bestStart[endsAt]!;
      outScores[at] = terms[id]!;
    }
    out.count = at;
  }

  /** The WebAssembly kernel, when this encoder runs one (the tokenizer also encodes whole lines with it). */
  get webAssemblyKernel(): UnigramKernel | undefined {
    return this.kernel;
  }

  /** What each id adds to a path score (the unknown id's entry is the unknown penalty score). */
  get scoreTerms(): Float64Array {
    return this.terms;
  }
}
