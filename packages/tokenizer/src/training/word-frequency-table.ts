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

const emptySlot = -1;

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

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.bytes = new Uint8Array(capacity * 8);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.counts = new Float64Array(capacity);
    this.finalCounts = new Float64Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.slots = new Int32Array(capacity * 2).fill(emptySlot);
  }

  /** A table over arrays produced by {@link WordFrequencyTable.data} (here or on another thread). */
  static fromData(data: WordFrequencyTableData): WordFrequencyTable {
    const table = new WordFrequencyTable(Math.max(16, data.size));
    for (let word = 0; word < data.size; word++) table.add(data.bytes, data.counts[word]!, data.starts[word]!, data.starts[word]! + data.lengths[word]!, data.finalCounts?.[word] ?? 0);
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
      const word = this.slots[slot]!;
      if (word === emptySlot) break;
      if (this.hashes[word] === (hash | 0) && this.lengths[word] === length && this.equals(word, bytes, start)) {
        this.counts[word]! += count;
        this.finalCounts[word]! += finalCount;
        return;
      }
    }
    if (this.count === this.starts.length) this.growEntries();
    if (this.bytesUsed + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.bytesUsed + length));
      grown.set(this.bytes.subarray(0, this.bytesUsed));
      this.bytes = grown;
    }
    const word = this.count++;
    this.bytes.set(bytes.subarray(start, end), this.bytesUsed);
    this.starts[word] = this.bytesUsed;
    this.lengths[word] = length;
    this.counts[word] = count;
    this.finalCounts[word] = finalCount;
    this.hashes[word] = hash | 0;
    this.bytesUsed += length;
    this.slots[slot] = word;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
  }

  /** Adds every word of `other` (a partial table counted elsewhere). */
  merge(other: WordFrequencyTable): this {
    for (let word = 0; word < other.count; word++) this.add(other.bytes, other.counts[word]!, other.starts[word]!, other.starts[word]! + other.lengths[word]!, other.finalCounts[word]!);
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
    const capacity = this.starts.length * 2;
    const grow = <T extends Int32Array | Float64Array>(array: T): T => {
      const grown = new (array.constructor as new (length: number) => T)(capacity);
      grown.set(array);
      return grown;
    };
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
    this.counts = grow(this.counts);
    this.finalCounts = grow(this.finalCounts);
    this.hashes = grow(this.hashes);
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity).fill(emptySlot);
    const mask = capacity - 1;
    for (let word = 0; word < this.count; word++) {
      let slot = this.hashes[word]! & mask;
      while (this.slots[slot] !== emptySlot) slot = (slot + 1) & mask;
      this.slots[slot] = word;
    }
  }
}
