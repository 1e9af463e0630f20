import { PieceType } from '../model/model-proto.js';
import { oneCharLength } from '../normalizer/utf8.js';
import type { PieceSink, SegmentEncoder } from './segment-encoder.js';
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
 */
export class UnigramEncoder implements SegmentEncoder {
  private readonly minimumScore: number;
  private readonly maximumScore: number;
  private bestScore = new Float32Array(256);
  private bestStart = new Int32Array(256);
  private bestId = new Int32Array(256);

  constructor(private readonly vocabulary: Vocabulary) {
    let minimum = floatMax;
    let maximum = floatMin;
    for (let id = 0; id < vocabulary.size; id++) {
      if (vocabulary.types[id] !== PieceType.normal) continue;
      minimum = Math.min(minimum, vocabulary.scores[id]!);
      maximum = Math.max(maximum, vocabulary.scores[id]!);
    }
    this.minimumScore = minimum;
    this.maximumScore = maximum;
  }

  encode(normalized: Uint8Array, sink: PieceSink): void {
    const size = normalized.length;
    if (size === 0) return;
    if (this.bestScore.length < size + 1) {
      this.bestScore = new Float32Array(size + 1);
      this.bestStart = new Int32Array(size + 1);
      this.bestId = new Int32Array(size + 1);
    }
    const bestScore = this.bestScore;
    const bestStart = this.bestStart;
    const bestId = this.bestId;
    bestScore.fill(0, 0, size + 1);
    bestStart.fill(-1, 0, size + 1);
    bestId.fill(-1, 0, size + 1);
    const { normalPieces, types, scores, unknownId } = this.vocabulary;
    const unknownScore = fround(this.minimumScore - unknownPenalty);
    const maximumScore = this.maximumScore;

    let startsAt = 0;
    while (startsAt < size) {
      const scoreTillHere = bestScore[startsAt]!;
      let hasSingleNode = false;
      const characterLength = Math.min(oneCharLength(normalized[startsAt]!), size - startsAt);
      let node = 0;
      for (let keyPosition = startsAt; keyPosition < size; ) {
        node = normalPieces.step(node, normalized[keyPosition]!);
        keyPosition++;
        if (node < 0) break;
        const id = normalPieces.valueAt(node);
        if (id < 0) continue;
        const type = types[id]!;
        if (type === PieceType.unused) continue;
        const length = keyPosition - startsAt;
        // In spm the score expression `user_defined ? length * max_score_ - 0.1 : score` has
        // type double, so the sum is compared in double and only rounded to float when stored.
        const score = type === PieceType.userDefined ? fround(length * maximumScore) - 0.1 : scores[id]!;
        const candidate = score + scoreTillHere;
        if (bestStart[keyPosition] === -1 || candidate > bestScore[keyPosition]!) {
          bestScore[keyPosition] = candidate;
          bestStart[keyPosition] = startsAt;
          bestId[keyPosition] = id;
        }
        if (!hasSingleNode && length === characterLength) hasSingleNode = true;
      }
      if (!hasSingleNode) {
        const target = startsAt + characterLength;
        // float + float: this sum is rounded to float before the comparison.
        const candidate = fround(unknownScore + scoreTillHere);
        if (bestStart[target] === -1 || candidate > bestScore[target]!) {
          bestScore[target] = candidate;
          bestStart[target] = startsAt;
          bestId[target] = unknownId;
        }
      }
      startsAt += characterLength;
    }

    // Backtrack, then report the pieces left to right.
    let count = 0;
    for (let endsAt = size; endsAt > 0; endsAt = bestStart[endsAt]!) count++;
    const ends = new Int32Array(count);
    let index = count;
    for (let endsAt = size; endsAt > 0; endsAt = bestStart[endsAt]!) ends[--index] = endsAt;
    for (let piece = 0; piece < count; piece++) {
      const end = ends[piece]!;
      sink(bestStart[end]!, end, bestId[end]!);
    }
  }
}
