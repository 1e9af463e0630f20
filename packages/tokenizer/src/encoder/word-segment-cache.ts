import type { Segmentation } from './segment-encoder.js';

/** Words longer than this (bytes) are segmented every time: long strings rarely repeat. */
const longestCachedWord = 128;
/** Ids below this fit a packed piece (id · 256 + byte length) in an int32. */
export const largestCachedVocabulary = 1 << 23;
/** Ints before an entry's pieces: key length and piece count, padding, the float64 limit. */
const headerInts = 4;
/** Arena room per entry on average (ints): header, 4 pieces, 16 key bytes. */
const averageEntryInts = headerInts + 4 + 4;
/** Entries the tables start with (they grow as words arrive). */
const initialEntries = 4096;

/**
 * A bounded cache from a word's normalised bytes to its segmentation (piece ids and byte lengths)
 * plus one number the caller stores with it (`limit`). A lookup touches two places in memory: an
 * open-addressing table of (hash, entry) pairs, and the entry itself, laid out contiguously in
 * one int32 arena — header, pieces packed as `id · 256 + length` (a cached word has at most
 * 128 bytes, so lengths fit a byte), then the key bytes. Unigram score terms are not stored: the
 * caller passes its table of terms by id. A lookup allocates nothing. The tables start small and
 * grow (×4) until they hold `capacity` words; when they are full then, the cache starts over (simple, and the frequent words come back at once; it also
 * follows a corpus that moves from one language to the next).
 *
 * @example
 * ```ts
 * const cache = new WordSegmentCache(1024);
 * const word = new TextEncoder().encode('▁Hello');
 * if (cache.find(word, 0, word.length) < 0) {
 *   segmentation.count = 0;
 *   encoder.segment(word, 0, word.length, segmentation);
 *   cache.insert(word, 0, word.length, segmentation, 0, 0);
 * }
 * ```
 */
export class WordSegmentCache {
  /** Pairs (hash, entry offset + 1); 0 in the second marks an empty slot. */
  private slots: Int32Array;
  private slotMask: number;
  private arena: Int32Array;
  private arenaBytes: Uint8Array;
  private arenaFloats: Float64Array;
  /** The most entries the current tables hold: grows (×4) up to `capacity`, so a small job stays small. */
  private entryLimit: number;
  private entryCount = 0;
  private arenaUsed = 0;
  private lastHash = 0;

  /** `capacity`: the most words held at once (the table has at least twice as many slots). */
  constructor(readonly capacity: number) {
    this.entryLimit = Math.min(capacity, initialEntries);
    this.slots = new Int32Array(0);
    this.slotMask = 0;
    this.arena = new Int32Array(0);
    this.arenaBytes = new Uint8Array(0);
    this.arenaFloats = new Float64Array(0);
    this.allocate(this.entryLimit);
  }

  /** Tables for `entries` words, keeping the entries held so far (their offsets stay valid). */
  private allocate(entries: number): void {
    let slotCount = 1024;
    while (slotCount < entries * 2) slotCount *= 2;
    const slots = new Int32Array(slotCount * 2);
    const slotMask = slotCount - 1;
    const old = this.slots;
    for (let slot = 0; slot * 2 < old.length; slot++) {
      if (old[slot * 2 + 1] === 0) continue;
      let at = old[slot * 2]! & slotMask;
      while (slots[at * 2 + 1] !== 0) at = (at + 1) & slotMask;
      slots[at * 2] = old[slot * 2]!;
      slots[at * 2 + 1] = old[slot * 2 + 1]!;
    }
    const arena = new Int32Array(Math.max(entries * averageEntryInts, headerInts + longestCachedWord * 2));
    arena.set(this.arena.subarray(0, this.arenaUsed));
    this.slots = slots;
    this.slotMask = slotMask;
    this.arena = arena;
    this.arenaBytes = new Uint8Array(arena.buffer);
    this.arenaFloats = new Float64Array(arena.buffer);
    this.entryLimit = entries;
  }

  /** The entry holding `bytes[start, end)`, or -1 (then {@link insert} may follow for the same word). */
  find(bytes: Uint8Array, start: number, end: number): number {
    return this.findHashed(bytes, start, end, this.hash(bytes, start, end));
  }

  /** The hash {@link findHashed} takes: FNV-1a over the bytes. */
  hash(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
    return hash;
  }

  /**
   * Reads the memory a lookup of `hash` starts with: its slot, then (a second call, once the
   * slots of many words are read) its entry's header. A caller that touches many words first and
   * looks them up after lets their cache misses overlap. The result means nothing; the caller
   * keeps it so the reads are not optimised away.
   */
  touchSlot(hash: number): number {
    return this.slots[(hash & this.slotMask) * 2 + 1]!;
  }

  /** See {@link touchSlot}. */
  touchEntry(hash: number): number {
    const entry = this.slots[(hash & this.slotMask) * 2 + 1]!;
    return entry > 0 ? this.arena[entry - 1]! : 0;
  }

  /** {@link find} with the word's {@link hash} already computed. */
  findHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    this.lastHash = hash;
    const length = end - start;
    const slots = this.slots;
    const arena = this.arena;
    const arenaBytes = this.arenaBytes;
    for (let slot = hash & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const entry = slots[slot * 2 + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[slot * 2] !== hash) continue;
      const header = arena[entry]!;
      if ((header & 0xff) !== length) continue;
      let key = (entry + headerInts + (header >>> 8)) * 4;
      let index = start;
      while (index < end && arenaBytes[key] === bytes[index]) {
        key++;
        index++;
      }
      if (index === end) return entry;
    }
  }

  /**
   * Stores `bytes[start, end)` → pieces `from..segmentation.count` of `segmentation`, with `limit`.
   * Call right after a {@link find} for the same word that returned -1. Piece ids must be below
   * {@link largestCachedVocabulary}.
   */
  insert(bytes: Uint8Array, start: number, end: number, segmentation: Segmentation, from: number, limit: number): void {
    const length = end - start;
    const pieceCount = segmentation.count - from;
    if (length > longestCachedWord || this.capacity === 0) return;
    // Even, so the float64 limit at ints 2–3 is aligned.
    const size = (headerInts + pieceCount + ((length + 3) >> 2) + 1) & ~1;
    if (this.entryCount >= this.entryLimit || this.arenaUsed + size > this.arena.length) {
      if (this.entryLimit < this.capacity) this.allocate(Math.min(this.capacity, this.entryLimit * 4));
      else this.clear();
    }
    const entry = this.arenaUsed;
    this.arenaUsed += size;
    this.entryCount++;
    const arena = this.arena;
    arena[entry] = length | (pieceCount << 8);
    this.arenaFloats[(entry >> 1) + 1] = limit;
    const ids = segmentation.ids;
    const lengths = segmentation.lengths;
    for (let index = 0; index < pieceCount; index++) arena[entry + headerInts + index] = (ids[from + index]! << 8) | lengths[from + index]!;
    // Plain loops: words are short, and subarray() would allocate a view per copy.
    const arenaBytes = this.arenaBytes;
    const key = (entry + headerInts + pieceCount) * 4;
    for (let index = 0; index < length; index++) arenaBytes[key + index] = bytes[start + index]!;
    const slots = this.slots;
    let slot = this.lastHash & this.slotMask;
    while (slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.slotMask;
    slots[slot * 2] = this.lastHash;
    slots[slot * 2 + 1] = entry + 1;
  }

  /**
   * Appends the entry's pieces to `segmentation`; with `scoreOfId` (Unigram), also each piece's
   * score term, `scoreOfId[id]`.
   */
  copyTo(entry: number, segmentation: Segmentation, scoreOfId?: Float64Array): void {
    const arena = this.arena;
    const count = arena[entry]! >>> 8;
    segmentation.reserve(count);
    const at = segmentation.count;
    const ids = segmentation.ids;
    const lengths = segmentation.lengths;
    const first = entry + headerInts;
    for (let index = 0; index < count; index++) {
      const piece = arena[first + index]!;
      ids[at + index] = piece >>> 8;
      lengths[at + index] = piece & 0xff;
    }
    if (scoreOfId) {
      const scores = segmentation.scores;
      for (let index = 0; index < count; index++) scores[at + index] = scoreOfId[ids[at + index]!]!;
    }
    segmentation.count = at + count;
  }

  limitOf(entry: number): number {
    return this.arenaFloats[(entry >> 1) + 1]!;
  }

  get size(): number {
    return this.entryCount;
  }

  clear(): void {
    this.slots.fill(0);
    this.entryCount = 0;
    this.arenaUsed = 0;
  }
}
