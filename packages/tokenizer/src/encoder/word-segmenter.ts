import { PieceType } from '../model/model-proto.js';
import type { Segmentation, SegmentEncoder } from './segment-encoder.js';
import { UnigramEncoder } from './unigram-encoder.js';
import type { Vocabulary } from './vocabulary.js';
import { WordSegmentCache } from './word-segment-cache.js';

const fround = Math.fround;
const probeWords = 4096;
const bypassTexts = 4096;
const unigramHitRateToUseCache = 0.9;
/** Where the whitespace marker ▁ sits in the words of a model: before them (spm's default) or after. */
export type WhitespaceMarkerPosition = 'prefix' | 'suffix';

/**
 * Whether a model segments every whitespace-delimited word on its own, and where ▁ sits.
 *
 * Both of spm's algorithms only ever form pieces that are vocabulary entries of the normal table
 * (normal and user-defined pieces; BPE also uses UNUSED ones as merge steps). If none of those
 * contains ▁ except as its first character (its last with `treat_whitespace_as_suffix`), no piece
 * can span the point just before (after) a ▁, so cutting the normalised text there changes
 * nothing: Viterbi paths and BPE merges never cross the cut, and BPE's merge order within a word
 * is the whole text's order restricted to it (highest score, then leftmost). Models trained with
 * `split_by_whitespace` (spm's default) qualify. Not covered, so segmented whole: models with
 * pieces like `▁of▁the`, models that keep spaces unescaped, and BPE models with UNUSED pieces
 * (spm resegments those through a table that the whole text's merges overwrite).
 */
export function whitespaceMarkerPosition(vocabulary: Vocabulary, isBpe: boolean, treatWhitespaceAsSuffix: boolean, escapeWhitespaces: boolean): WhitespaceMarkerPosition | undefined {
  if (!escapeWhitespaces) return undefined;
  for (let id = 0; id < vocabulary.size; id++) {
    const type = vocabulary.types[id]!;
    if (type === PieceType.unused && isBpe) return undefined;
    if (type !== PieceType.normal && type !== PieceType.userDefined) continue;
    const bytes = vocabulary.pieceBytes[id]!;
    const allowed = treatWhitespaceAsSuffix ? bytes.length - 3 : 0;
    for (let index = 0; index + 2 < bytes.length; index++) {
      if (bytes[index] === 0xe2 && bytes[index + 1] === 0x96 && bytes[index + 2] === 0x81 && index !== allowed) return undefined;
    }
  }
  return treatWhitespaceAsSuffix ? 'suffix' : 'prefix';
}

/**
 * Segments normalised text word by word through a {@link WordSegmentCache}, giving exactly the
 * pieces the whole-text algorithm gives (the model must pass {@link whitespaceMarkerPosition}).
 *
 * Unigram needs one more step to stay exact: spm sums path scores in float32, so a word's best
 * path could in principle depend on the score of the text before it (rounding of a larger sum can
 * turn a near-tie into a tie). A cached segmentation is reused only where that cannot happen: the
 * word's closest comparison (margin) must exceed the largest rounding difference a prefix score of
 * that size can make, 2(n+1)·2⁻²³·(|prefix| + 2·max|score| + 1) over a word of n bytes. Otherwise
 * the word is segmented again from the exact prefix score, which we carry along by replaying
 * spm's float additions over the chosen pieces.
 */
export class WordSegmenter {
  private readonly unigram: UnigramEncoder | undefined;
  // Unigram's Viterbi over a short word costs not much more than a cache lookup (two random
  // memory reads plus replaying the scores), so the cache only pays when nearly all words hit:
  // measured on the benchmark corpus, the cache is 1.28x faster than Viterbi at 100 % hits and
  // 0.83–1.0x at 80 %. Every `probeWords` words the hit rate is checked; below
  // `unigramHitRateToUseCache` the next `bypassTexts` texts are segmented whole, without the
  // cache, then it is measured again.
  private lookups = 0;
  private hits = 0;
  private bypass = 0;
  /** End of each word of the current text, and its hash. */
  private wordEnds = new Int32Array(256);
  private wordHashes = new Int32Array(256);
  /** Unigram: the exact float32 path score before the word being segmented (a field, not a return value, so it is never boxed). */
  private pathScore = 0;
  /** Keeps the prefetching reads of {@link segment} from being optimised away. */
  touched = 0;

  constructor(
    private readonly encoder: SegmentEncoder,
    private readonly cache: WordSegmentCache,
    private readonly position: WhitespaceMarkerPosition,
  ) {
    this.unigram = encoder instanceof UnigramEncoder ? encoder : undefined;
  }

  /** Replaces `out`'s contents with the pieces of `normalized[0, size)`. */
  segment(normalized: Uint8Array, size: number, out: Segmentation): void {
    out.count = 0;
    if (this.bypass > 0) {
      this.bypass--;
      this.encoder.segment(normalized, 0, size, out);
      return;
    }
    // First the words' bounds: a word ends before each ▁ (prefix) or after it (suffix).
    let wordCount = 0;
    let wordStart = 0;
    const suffix = this.position === 'suffix';
    for (let index = 0; index + 2 < size; index++) {
      if (normalized[index] !== 0xe2 || normalized[index + 1] !== 0x96 || normalized[index + 2] !== 0x81) continue;
      const cut = suffix ? index + 3 : index;
      if (cut > wordStart && cut < size) {
        if (wordCount + 2 >= this.wordEnds.length) this.growWords();
        this.wordEnds[wordCount++] = cut;
        wordStart = cut;
      }
      index += 2;
    }
    this.wordEnds[wordCount++] = size;
    // Then the cache's first reads for every word, before any is looked up: the reads do not
    // depend on each other, so the processor overlaps their cache misses (most of a lookup's
    // cost when the table is larger than the processor's caches).
    const cache = this.cache;
    const hashes = this.wordHashes;
    for (let word = 0, start = 0; word < wordCount; start = this.wordEnds[word++]!) hashes[word] = cache.hash(normalized, start, this.wordEnds[word]!);
    // Short loops, so that many reads are in flight at once.
    let touched = 0;
    for (let word = 0; word < wordCount; word++) touched ^= cache.touchSlot(hashes[word]!);
    for (let word = 0; word < wordCount; word++) touched ^= cache.touchEntry(hashes[word]!);
    this.touched = touched;
    this.pathScore = 0;
    for (let word = 0, start = 0; word < wordCount; start = this.wordEnds[word++]!) this.segmentWord(normalized, start, this.wordEnds[word]!, hashes[word]!, out);
  }

  private growWords(): void {
    const ends = new Int32Array(this.wordEnds.length * 2);
    ends.set(this.wordEnds);
    this.wordEnds = ends;
    this.wordHashes = new Int32Array(ends.length);
  }

  /** Appends the pieces of one word; for Unigram, advances {@link pathScore} over them. */
  private segmentWord(normalized: Uint8Array, start: number, end: number, hash: number, out: Segmentation): void {
    const from = out.count;
    const cache = this.cache;
    const unigram = this.unigram;
    const entry = cache.findHashed(normalized, start, end, hash);
    if (!unigram) {
      if (entry >= 0) cache.copyTo(entry, out);
      else {
        this.encoder.segment(normalized, start, end, out);
        cache.insert(normalized, start, end, out, from, 0);
      }
      return;
    }
    const score = this.pathScore;
    let limit: number;
    if (++this.lookups === probeWords) {
      if (this.hits < probeWords * unigramHitRateToUseCache) this.bypass = bypassTexts;
      this.lookups = 0;
      this.hits = 0;
    }
    if (entry >= 0) {
      this.hits++;
      limit = cache.limitOf(entry);
      if (score === 0 || Math.abs(score) < limit) cache.copyTo(entry, out, unigram.scoreTerms);
    } else {
      unigram.segment(normalized, start, end, out, 0, true);
      limit = unigram.smallestMargin / (2 * (end - start + 1) * 2 ** -23) - 2 * unigram.largestMagnitude - 1;
      cache.insert(normalized, start, end, out, from, limit);
    }
    if (score !== 0 && !(Math.abs(score) < limit)) {
      out.count = from;
      unigram.segment(normalized, start, end, out, score, false);
    }
    this.pathScore = replay(out, from, score);
  }
}

/** The exact float32 path score after pieces `from..` of `out`, as spm's Viterbi stores it. */
function replay(out: Segmentation, from: number, score: number): number {
  const scores = out.scores;
  for (let index = from; index < out.count; index++) score = fround(scores[index]! + score);
  return score;
}
