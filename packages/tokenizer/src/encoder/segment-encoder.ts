/**
 * Pieces of a segmentation, appended in text order: byte length and vocabulary id of each, and
 * (Unigram) what the piece adds to the Viterbi path score. Buffers grow and are reused across
 * calls, so encoding allocates nothing per piece.
 */
export class Segmentation {
  count = 0;
  ids = new Int32Array(256);
  lengths = new Int32Array(256);
  /** Unigram: the score term spm adds for the piece (see UnigramEncoder); unused for BPE. */
  scores = new Float64Array(256);

  /** Makes room for `extra` more pieces. */
  reserve(extra: number): void {
    const needed = this.count + extra;
    if (needed <= this.ids.length) return;
    const capacity = Math.max(this.ids.length * 2, needed);
    const ids = new Int32Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    const lengths = new Int32Array(capacity);
    lengths.set(this.lengths.subarray(0, this.count));
    const scores = new Float64Array(capacity);
    scores.set(this.scores.subarray(0, this.count));
    this.ids = ids;
    this.lengths = lengths;
    this.scores = scores;
  }

  push(length: number, id: number, score: number): void {
    if (this.count >= this.ids.length) this.reserve(1);
    this.ids[this.count] = id;
    this.lengths[this.count] = length;
    this.scores[this.count] = score;
    this.count++;
  }
}

/** Splits normalised UTF-8 into pieces (the model-specific half of SentencePiece's Encode). */
export interface SegmentEncoder {
  /**
   * Appends the pieces of `normalized[start, end)` to `out`, segmented as spm segments that range
   * when it is a whole text (or, for Unigram, a part of one whose path score before `start` is `seed`).
   */
  segment(normalized: Uint8Array, start: number, end: number, out: Segmentation, seed?: number): void;
}
