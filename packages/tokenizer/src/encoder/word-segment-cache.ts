import type { Segmentation } from './segment-encoder.js';

/** Words longer than this (bytes) are segmented every time: long strings rarely repeat. */
const longestCachedWord = 128;
// An entry's record: 8 int32 (32 bytes, one cache line holds two): key start, key length, piece
// start, piece count, then the float64 limit in ints 4–5.
const recordInts = 8;

/**
 * A bounded cache from a word's normalised bytes to its segmentation (piece lengths, ids and
 * Unigram score terms) plus one number the caller stores with it (`limit`). Everything lives in
 * typed arrays laid out for few cache misses per lookup: an open-addressing table of
 * (hash, entry) pairs, one record per entry, a byte arena for the keys and a pool for the
 * pieces, so a lookup allocates nothing. When any part is full the cache starts over (simple,
 * and the frequent words come back at once; it also follows a corpus that moves from one
 * language to the next).
 */
export class WordSegmentCache {
  /** Pairs (hash, entry + 1); entry + 1 = 0 marks an empty slot. */
  private readonly slots: Int32Array;
  private readonly slotMask: number;
  private readonly records: Int32Array;
  private readonly limits: Float64Array;
  private readonly keys: Uint8Array;
  /** Pairs (id, byte length) per piece. */
  private readonly pieces: Int32Array;
  private readonly pieceScores: Float64Array;
  private entryCount = 0;
  private keyBytes = 0;
  private pieceCount = 0;
  private lastHash = 0;

  /** `capacity`: the most words held at once (the table has at least twice as many slots). */
  constructor(readonly capacity: number) {
    let slotCount = 1024;
    while (slotCount < capacity * 2) slotCount *= 2;
    this.slots = new Int32Array(slotCount * 2);
    this.slotMask = slotCount - 1;
    this.records = new Int32Array(capacity * recordInts);
    this.limits = new Float64Array(this.records.buffer);
    // Room for words of 16 bytes and 4 pieces on average; more and the cache starts over sooner.
    this.keys = new Uint8Array(capacity * 16);
    this.pieces = new Int32Array(capacity * 4 * 2);
    this.pieceScores = new Float64Array(capacity * 4);
  }

  /** The entry holding `bytes[start, end)`, or -1 (then {@link insert} may follow for the same word). */
  find(bytes: Uint8Array, start: number, end: number): number {
    // FNV-1a over the bytes.
    let hash = 0x811c9dc5 | 0;
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
    this.lastHash = hash;
    const length = end - start;
    const slots = this.slots;
    const records = this.records;
    const keys = this.keys;
    for (let slot = hash & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const entry = slots[slot * 2 + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[slot * 2] !== hash || records[entry * recordInts + 1] !== length) continue;
      const keyStart = records[entry * recordInts]!;
      let index = 0;
      while (index < length && keys[keyStart + index] === bytes[start + index]) index++;
      if (index === length) return entry;
    }
  }

  /**
   * Stores `bytes[start, end)` → pieces `from..segmentation.count` of `segmentation`, with `limit`.
   * Call right after a {@link find} for the same word that returned -1.
   */
  insert(bytes: Uint8Array, start: number, end: number, segmentation: Segmentation, from: number, limit: number): void {
    const length = end - start;
    const pieceCount = segmentation.count - from;
    if (length > longestCachedWord || this.capacity === 0) return;
    if (this.entryCount >= this.capacity || this.keyBytes + length > this.keys.length || this.pieceCount + pieceCount > this.pieceScores.length) this.clear();
    if (this.pieceCount + pieceCount > this.pieceScores.length) return;
    const entry = this.entryCount++;
    const record = entry * recordInts;
    // Plain loops: words are short, and subarray() would allocate a view per copy.
    const keys = this.keys;
    const keyStart = this.keyBytes;
    for (let index = 0; index < length; index++) keys[keyStart + index] = bytes[start + index]!;
    this.keyBytes += length;
    this.records[record] = keyStart;
    this.records[record + 1] = length;
    this.records[record + 2] = this.pieceCount;
    this.records[record + 3] = pieceCount;
    this.limits[record / 2 + 2] = limit;
    const pieces = this.pieces;
    for (let index = 0, at = this.pieceCount; index < pieceCount; index++, at++) {
      pieces[at * 2] = segmentation.ids[from + index]!;
      pieces[at * 2 + 1] = segmentation.lengths[from + index]!;
      this.pieceScores[at] = segmentation.scores[from + index]!;
    }
    this.pieceCount += pieceCount;
    let slot = this.lastHash & this.slotMask;
    while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.slotMask;
    this.slots[slot * 2] = this.lastHash;
    this.slots[slot * 2 + 1] = entry + 1;
  }

  /** Appends the entry's pieces to `segmentation` (with their score terms when `withScores`). */
  copyTo(entry: number, segmentation: Segmentation, withScores: boolean): void {
    const start = this.records[entry * recordInts + 2]!;
    const count = this.records[entry * recordInts + 3]!;
    segmentation.reserve(count);
    const at = segmentation.count;
    const ids = segmentation.ids;
    const lengths = segmentation.lengths;
    const pieces = this.pieces;
    for (let index = 0; index < count; index++) {
      ids[at + index] = pieces[(start + index) * 2]!;
      lengths[at + index] = pieces[(start + index) * 2 + 1]!;
    }
    if (withScores) {
      const scores = segmentation.scores;
      for (let index = 0; index < count; index++) scores[at + index] = this.pieceScores[start + index]!;
    }
    segmentation.count = at + count;
  }

  limitOf(entry: number): number {
    return this.limits[entry * (recordInts / 2) + 2]!;
  }

  get size(): number {
    return this.entryCount;
  }

  clear(): void {
    this.slots.fill(0);
    this.entryCount = 0;
    this.keyBytes = 0;
    this.pieceCount = 0;
  }
}
