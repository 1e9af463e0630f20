import { grow, growableFloat64Array, growableInt32Array, growableUint8Array, releaseGrowable } from './growable-arrays.js';

/** The arrays of a {@link WordFrequencyTable}: plain typed arrays, so a table can be transferred to another thread or written to disk. */
export interface WordFrequencyTableData {
  /** UTF-8 bytes of all words, back to back. */
  bytes: Uint8Array;
  /** Word i is `bytes[starts[i]]` … `bytes[starts[i] + lengths[i] - 1]`. */
  starts: Int32Array;
  lengths: Int32Array;
  counts: Float64Array;
  /**
   * How many of each word's occurrences ended a sentence (the Unigram seed search needs it: spm
   * sees the sentence boundary after such an occurrence, not the next word's ▁). Absent: none.
   */
  finalCounts?: Float64Array;
  /** Number of words (the arrays may be longer). */
  size: number;
}

/** Returns the memory of a table's arrays (from `arrays()`, e.g. handed over by a worker) at once; they are empty afterwards. */
export function releaseTableData(data: WordFrequencyTableData): void {
  for (const array of [data.bytes, data.starts, data.lengths, data.counts, data.finalCounts]) if (array) releaseGrowable(array);
}

/**
 * How many words and bytes of text a {@link WordFrequencyTable} is expected to hold at most:
 * address space is reserved for that much (only what is used becomes resident), so the arrays
 * grow in place up to it; past it they still grow, by one copy. A bound from the table's use
 * (e.g. `maximumWordTableSize` plus what one batch adds before a prune) keeps the reservation
 * within a job's virtual-memory limit.
 *
 * @example
 * ```ts
 * import { WordFrequencyTable } from '@oellm/tokenizer';
 * const table = new WordFrequencyTable(1024, 8192, { words: 5_250_000 });
 * ```
 */
export interface WordTableReservation {
  /** Distinct words (default: the larger of 2^20 and the initial capacity). */
  words?: number;
  /** Bytes of word text (default: 16 per reserved word). */
  bytes?: number;
}

// Default reservation when the caller knows no bound: enough for most corpora in place.
const defaultReservedWords = 1 << 20;
const reservedBytesPerWord = 16;

function powerOfTwoAtLeast(value: number): number {
  let power = 16;
  while (power < value) power *= 2;
  return power;
}

// Slots hold word + 1, so 0 marks an empty slot and a new index needs no fill: memory the
// system hands out zeroed is not touched (not resident) until a slot is used.

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5; // FNV-1a
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return hash >>> 0;
}

/**
 * A word-frequency table keyed by UTF-8 bytes: one byte arena, three typed arrays and an
 * open-addressing index, about 30 bytes per distinct word plus its text (a `Map<string,
 * number>` takes several times that). Partial tables counted on other threads or machines
 * merge with {@link WordFrequencyTable.merge}; counts of equal words add up.
 *
 * @example
 * ```ts
 * import { WordFrequencyTable } from '@oellm/tokenizer';
 * const table = new WordFrequencyTable();
 * table.add(new TextEncoder().encode('▁Bonġu'));
 * table.merge(WordFrequencyTable.fromData(countedElsewhere));
 * ```
 */
export class WordFrequencyTable {
  private bytes: Uint8Array;
  private bytesUsed = 0;
  private starts: Int32Array;
  private lengths: Int32Array;
  private counts: Float64Array;
  private finalCounts: Float64Array;
  private hashes: Int32Array;
  private slots: Int32Array;
  private count = 0;

  /**
   * Room for `initialCapacity` words and `initialBytes` bytes of text before the arrays grow, and
   * address space reserved for `reservation` (see {@link WordTableReservation}).
   */
  constructor(initialCapacity = 1024, initialBytes = initialCapacity * 8, reservation: WordTableReservation = {}) {
    const capacity = powerOfTwoAtLeast(initialCapacity);
    const words = Math.max(capacity, reservation.words ?? defaultReservedWords);
    const bytes = Math.max(16, initialBytes, reservation.bytes ?? words * reservedBytesPerWord);
    // Grown in place (see growable-arrays.ts): growing copies nothing and leaves no dead arrays,
    // and release() returns the memory at once instead of at some later collection.
    this.bytes = growableUint8Array(Math.max(16, initialBytes), bytes);
    this.starts = growableInt32Array(capacity, words);
    this.lengths = growableInt32Array(capacity, words);
    this.counts = growableFloat64Array(capacity, words);
    this.finalCounts = growableFloat64Array(capacity, words);
    this.hashes = growableInt32Array(capacity, words);
    // The index is a power of two, rehashed when half full: it stays below 4 × words.
    this.slots = growableInt32Array(capacity * 2, powerOfTwoAtLeast(2 * words));
  }

  /** A table over arrays produced by {@link WordFrequencyTable.data} (here or on another thread). */
  static fromData(data: WordFrequencyTableData): WordFrequencyTable {
    return WordFrequencyTable.merged([data]);
  }

  /**
   * One table of partial tables' arrays (e.g. counted on worker threads), counts of equal words
   * added, allocated once for the sum of the parts (no intermediate table per part, no growing).
   *
   * @example
   * ```ts
   * import { WordFrequencyTable } from '@oellm/tokenizer';
   * const all = WordFrequencyTable.merged([first.data(), second.data()]);
   * ```
   */
  static merged(parts: readonly WordFrequencyTableData[]): WordFrequencyTable {
    let words = 0;
    let bytes = 0;
    for (const part of parts) {
      words += part.size;
      for (let word = 0; word < part.size; word++) bytes += part.lengths[word]!;
    }
    const table = new WordFrequencyTable(Math.max(16, words), bytes, { words, bytes });
    for (const part of parts) table.addData(part);
    return table;
  }

  /** Distinct words. */
  get size(): number {
    return this.count;
  }

  /** Adds `count` occurrences of the word `bytes[start]` … `bytes[end - 1]`, `finalCount` of them at the end of a sentence. */
  add(bytes: Uint8Array, count = 1, start = 0, end = bytes.length, finalCount = 0): void {
    const hash = hashBytes(bytes, start, end);
    const length = end - start;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const word = this.slots[slot]! - 1;
      if (word < 0) break;
      if (this.hashes[word] === (hash | 0) && this.lengths[word] === length && this.equals(word, bytes, start)) {
        this.counts[word]! += count;
        this.finalCounts[word]! += finalCount;
        return;
      }
    }
    if (this.count === this.starts.length) this.growEntries();
    this.bytes = grow(this.bytes, this.bytesUsed + length);
    const word = this.count++;
    this.bytes.set(bytes.subarray(start, end), this.bytesUsed);
    this.starts[word] = this.bytesUsed;
    this.lengths[word] = length;
    this.counts[word] = count;
    this.finalCounts[word] = finalCount;
    this.hashes[word] = hash | 0;
    this.bytesUsed += length;
    this.slots[slot] = word + 1;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
  }

  /** Adds every word of `other` (a partial table counted elsewhere). */
  merge(other: WordFrequencyTable): this {
    return this.addData(other.arrays());
  }

  /** Adds every word of a table's arrays ({@link WordFrequencyTable.data}, here or from another thread). */
  addData(data: WordFrequencyTableData): this {
    const { bytes, starts, lengths, counts, finalCounts } = data;
    for (let word = 0; word < data.size; word++) this.add(bytes, counts[word]!, starts[word]!, starts[word]! + lengths[word]!, finalCounts?.[word] ?? 0);
    return this;
  }

  /**
   * Keeps the table at most `maximumSize` words by dropping the rarest (count 1, then 2, …) until
   * it is at most 80% full, so counting goes on in bounded memory. Returns the occurrences dropped.
   */
  prune(maximumSize: number): number {
    let dropped = 0;
    for (let threshold = 1; this.count > maximumSize * 0.8; threshold++) {
      let kept = 0;
      let bytesKept = 0;
      for (let word = 0; word < this.count; word++) {
        if (this.counts[word]! <= threshold) {
          dropped += this.counts[word]!;
          continue;
        }
        const length = this.lengths[word]!;
        this.bytes.copyWithin(bytesKept, this.starts[word]!, this.starts[word]! + length);
        this.starts[kept] = bytesKept;
        this.lengths[kept] = length;
        this.counts[kept] = this.counts[word]!;
        this.finalCounts[kept] = this.finalCounts[word]!;
        this.hashes[kept] = this.hashes[word]!;
        bytesKept += length;
        kept++;
      }
      this.count = kept;
      this.bytesUsed = bytesKept;
    }
    this.rehash(this.slots.length);
    return dropped;
  }

  /**
   * The table's own arrays (no copy; valid until the table next grows or is pruned), for loops
   * over many words that should not allocate a view per word.
   */
  arrays(): WordFrequencyTableData {
    return { bytes: this.bytes, starts: this.starts, lengths: this.lengths, counts: this.counts, finalCounts: this.finalCounts, size: this.count };
  }

  /**
   * Returns the table's memory at once (not at the next garbage collection); the table must not
   * be used afterwards. Training calls it on the table it counted once it has what it needs.
   */
  release(): void {
    for (const array of [this.bytes, this.starts, this.lengths, this.counts, this.finalCounts, this.hashes, this.slots]) releaseGrowable(array);
    this.count = 0;
    this.bytesUsed = 0;
  }

  /** Word i's bytes (a view into the table) and count. */
  word(index: number): [Uint8Array, number] {
    return [this.bytes.subarray(this.starts[index]!, this.starts[index]! + this.lengths[index]!), this.counts[index]!];
  }

  /** How many of word i's occurrences ended a sentence. */
  finalCount(index: number): number {
    return this.finalCounts[index]!;
  }

  /** The table's arrays, trimmed (copies), ready to transfer or store. */
  data(): WordFrequencyTableData {
    return { bytes: this.bytes.slice(0, this.bytesUsed), starts: this.starts.slice(0, this.count), lengths: this.lengths.slice(0, this.count), counts: this.counts.slice(0, this.count), finalCounts: this.finalCounts.slice(0, this.count), size: this.count };
  }

  /** As a `Map` from word to count (convenient for small tables and tests). */
  toMap(): Map<string, number> {
    const decoder = new TextDecoder();
    const map = new Map<string, number>();
    for (let word = 0; word < this.count; word++) map.set(decoder.decode(this.word(word)[0]), this.counts[word]!);
    return map;
  }

  private equals(word: number, bytes: Uint8Array, start: number): boolean {
    const own = this.starts[word]!;
    const length = this.lengths[word]!;
    for (let index = 0; index < length; index++) if (this.bytes[own + index] !== bytes[start + index]) return false;
    return true;
  }

  private growEntries(): void {
    const length = this.starts.length * 2;
    this.starts = grow(this.starts, length);
    this.lengths = grow(this.lengths, length);
    this.counts = grow(this.counts, length);
    this.finalCounts = grow(this.finalCounts, length);
    this.hashes = grow(this.hashes, length);
  }

  private rehash(capacity: number): void {
    // The index is rebuilt from the stored hashes, so the old slots need not survive.
    this.slots = grow(this.slots, capacity);
    this.slots.fill(0);
    const mask = capacity - 1;
    for (let word = 0; word < this.count; word++) {
      let slot = this.hashes[word]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = word + 1;
    }
  }
}
