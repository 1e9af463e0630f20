/**
 * The word-frequency table in the form the Unigram trainer's hot loops read: every word's
 * characters as small dense ids, back to back in one typed array, with offsets and counts. The
 * arrays live in SharedArrayBuffers, so worker threads read their shard without a copy.
 * Character ids 0 and 1 are reserved (end of text and word separator in the seed search), so
 * the first real character is id 2.
 */
export interface WordTable {
  /** Character ids of all words, back to back; word w is `symbols[offsets[w]]` … `symbols[offsets[w + 1] - 1]`. */
  symbols: Int32Array;
  offsets: Int32Array;
  counts: Float64Array;
  /**
   * How many of each word's occurrences ended a sentence (read by the seed search only; absent
   * when not known, as for a table built from `[word, count]` pairs).
   */
  finalCounts?: Float64Array;
  /** Character id → code point (ids 0 and 1 map to -1). */
  codePoints: Int32Array;
  /** Code point → character id. */
  characterIds: Map<number, number>;
}

export const endOfTextId = 0;
export const separatorId = 1;

/** An Int32Array over shared memory (visible to workers without copying). */
export function sharedInt32Array(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

/**
 * Fills a {@link WordTable} word by word once the total number of characters is known (so the
 * shared arrays are allocated exactly once); characters get ids in order of first appearance,
 * so the same words in the same order always give the same table.
 */
export class WordTableBuilder {
  private readonly characterIds = new Map<number, number>();
  private readonly codePointList: number[] = [-1, -1];
  private readonly symbols: Int32Array;
  private readonly offsets: Int32Array;
  private readonly counts: Float64Array;
  private finalCounts: Float64Array | undefined;
  private position = 0;
  private words = 0;

  constructor(wordCount: number, characterCount: number) {
    this.symbols = sharedInt32Array(characterCount);
    this.offsets = sharedInt32Array(wordCount + 1);
    this.counts = new Float64Array(new SharedArrayBuffer(Math.max(1, wordCount) * 8), 0, wordCount);
  }

  /** Appends one character of the current word. */
  addCodePoint(codePoint: number): void {
    let id = this.characterIds.get(codePoint);
    if (id === undefined) {
      id = this.codePointList.length;
      this.characterIds.set(codePoint, id);
      this.codePointList.push(codePoint);
    }
    this.symbols[this.position++] = id;
  }

  /** Ends the current word, which occurred `count` times, `finalCount` of them at the end of a sentence. */
  endWord(count: number, finalCount = 0): void {
    if (finalCount > 0) (this.finalCounts ??= new Float64Array(this.counts.length))[this.words] = finalCount;
    this.counts[this.words] = count;
    this.offsets[++this.words] = this.position;
  }

  finish(): WordTable {
    return { symbols: this.symbols, offsets: this.offsets, counts: this.counts, ...(this.finalCounts ? { finalCounts: this.finalCounts } : {}), codePoints: Int32Array.from(this.codePointList), characterIds: this.characterIds };
  }
}

function codePointCount(text: string): number {
  let count = 0;
  for (let unit = 0; unit < text.length; unit++) {
    const code = text.charCodeAt(unit);
    if (code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length) {
      const low = text.charCodeAt(unit + 1);
      if (low >= 0xdc00 && low <= 0xdfff) unit++;
    }
    count++;
  }
  return count;
}

/** Builds the table from `[word, count]` pairs (see {@link WordTableBuilder} for the ids). */
export function buildWordTable(words: Iterable<readonly [string, number]>, wordCount?: number): WordTable {
  const list = wordCount === undefined ? [...words] : words;
  const size = wordCount ?? (list as readonly (readonly [string, number])[]).length;
  let total = 0;
  for (const [word] of list) total += codePointCount(word);
  const builder = new WordTableBuilder(size, total);
  for (const [word, count] of list) {
    for (let unit = 0; unit < word.length; unit++) {
      let codePoint = word.charCodeAt(unit);
      if (codePoint >= 0xd800 && codePoint <= 0xdbff && unit + 1 < word.length) {
        const low = word.charCodeAt(unit + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          codePoint = (codePoint - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          unit++;
        }
      }
      builder.addCodePoint(codePoint);
    }
    builder.endWord(count);
  }
  return builder.finish();
}
