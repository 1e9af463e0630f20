import type { BpeWords } from './bpe-merges.js';
import { boundaryCharacter, unknownCharacter } from './piece-validity.js';
import { WordFrequencyTable, type WordFrequencyTableData } from './word-frequency-table.js';
import { WordTableBuilder, type WordTable } from './word-table.js';
import { growableFloat64Array, growableInt32Array } from './growable-arrays.js';

const unknownString = String.fromCodePoint(unknownCharacter);

// Characters in the (valid) UTF-8 of `bytes[start, end)`: every byte that is not a continuation byte starts one.
function codePointCount(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let position = start; position < end; position++) if ((bytes[position]! & 0xc0) !== 0x80) count++;
  return count;
}

/**
 * TrainerInterface::LoadSentences' required characters: the most frequent characters until
 * `characterCoverage` of all character occurrences is covered (compared in float, as spm does).
 */
export function requiredCharactersOf(table: WordFrequencyTable, characterCoverage: number): { required: [number, number][]; coverage: number } {
  // Counts per block of 256 code points, allocated when first used: a text uses a few hundred
  // blocks, and one array for all of Unicode (9 MB) would be freed just before the merges.
  const blocks: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(0x1100).fill(undefined);
  let all = 0;
  // The table's arrays directly: a view and a tuple per word would be hundreds of thousands of
  // short-lived objects, and the young generation grows to hold them (peak memory).
  const { bytes, starts, lengths, counts: wordCounts, size } = table.arrays();
  for (let word = 0; word < size; word++) {
    const count = wordCounts[word]!;
    for (let position = starts[word]!, end = position + lengths[word]!; position < end; position += utf8Length(bytes[position]!)) {
      const codePoint = codePointAt(bytes, position);
      if (codePoint === 0 || codePoint === 0x20) continue;
      const block = (blocks[codePoint >> 8] ??= new Float64Array(256));
      block[codePoint & 0xff]! += count;
      all += count;
    }
  }
  const sorted: [number, number][] = [];
  for (let blockIndex = 0; blockIndex < blocks.length; blockIndex++) {
    const block = blocks[blockIndex];
    if (!block) continue;
    for (let offset = 0; offset < 256; offset++) if (block[offset]! > 0) sorted.push([(blockIndex << 8) | offset, block[offset]!]);
  }
  sorted.sort((left, right) => right[1] - left[1] || left[0] - right[0]);
  const required: [number, number][] = [];
  let accumulated = 0;
  const threshold = Math.fround(characterCoverage);
  for (const [character, count] of sorted) {
    if (Math.fround(accumulated / all) >= threshold) break;
    accumulated += count;
    if (character === boundaryCharacter) continue;
    required.push([character, count]);
  }
  return { required, coverage: accumulated / all };
}

/**
 * The words with characters outside the coverage replaced by ▅ (spm's kUNKChar; words that
 * become equal merge), sorted by count, then by `compareText`, so the order depends neither on
 * the input order nor on the thread count. Entry i < `tables[0].size` is word i of the counted
 * table, the others are the replaced words (`tables[1]`). Sorting compares the arrays in place:
 * no view or string per word, so the sort allocates nothing per comparison.
 */
function coveredEntries(table: WordFrequencyTable, required: readonly [number, number][], compareText: TextComparison): { tables: [WordFrequencyTableData, WordFrequencyTableData]; order: Int32Array } {
  const isRequired = new Uint8Array(0x110000);
  for (const [character] of required) isRequired[character] = 1;
  const counted = table.arrays();
  const { bytes, starts, lengths, counts, finalCounts } = counted;
  const size = counted.size;
  // Uncovered words are rare (0.05% of characters by default): strings are fine for them.
  const replaced = new Map<string, [count: number, finalCount: number]>();
  const covered = new Uint8Array(size);
  let coveredCount = 0;
  for (let word = 0; word < size; word++) {
    const start = starts[word]!;
    const end = start + lengths[word]!;
    let allRequired = true;
    for (let position = start; position < end && allRequired; position += utf8Length(bytes[position]!)) allRequired = isRequired[codePointAt(bytes, position)] === 1;
    if (allRequired) {
      covered[word] = 1;
      coveredCount++;
      continue;
    }
    let mapped = '';
    for (let position = start; position < end; position += utf8Length(bytes[position]!)) {
      const codePoint = codePointAt(bytes, position);
      mapped += isRequired[codePoint] === 1 ? String.fromCodePoint(codePoint) : unknownString;
    }
    const sum = replaced.get(mapped) ?? [0, 0];
    sum[0] += counts[word]!;
    sum[1] += finalCounts?.[word] ?? 0;
    replaced.set(mapped, sum);
  }
  const extra = new WordFrequencyTable(replaced.size);
  const encoder = new TextEncoder();
  for (const [word, [count, finalCount]] of replaced) {
    const encoded = encoder.encode(word);
    extra.add(encoded, count, 0, encoded.length, finalCount);
  }
  const tables: [WordFrequencyTableData, WordFrequencyTableData] = [counted, extra.arrays()];
  const order = new Int32Array(coveredCount + extra.size);
  let next = 0;
  for (let word = 0; word < size; word++) if (covered[word] === 1) order[next++] = word;
  for (let word = 0; word < extra.size; word++) order[next++] = size + word;
  const [first, second] = tables;
  order.sort((left, right) => {
    const leftTable = left < size ? first : second;
    const leftWord = left < size ? left : left - size;
    const rightTable = right < size ? first : second;
    const rightWord = right < size ? right : right - size;
    const leftCount = leftTable.counts[leftWord]!;
    const rightCount = rightTable.counts[rightWord]!;
    // -1 or 1, not the difference: a double returned from a comparator is boxed, one heap
    // object per comparison (millions), and that garbage grows the young generation.
    if (leftCount !== rightCount) return leftCount > rightCount ? -1 : 1;
    const leftStart = leftTable.starts[leftWord]!;
    const rightStart = rightTable.starts[rightWord]!;
    return compareText(leftTable.bytes, leftStart, leftStart + leftTable.lengths[leftWord]!, rightTable.bytes, rightStart, rightStart + rightTable.lengths[rightWord]!);
  });
  return { tables, order };
}

type TextComparison = (left: Uint8Array, leftStart: number, leftEnd: number, right: Uint8Array, rightStart: number, rightEnd: number) => number;

// Bytewise, a prefix first (spm's order of std::string).
function compareBytes(left: Uint8Array, leftStart: number, leftEnd: number, right: Uint8Array, rightStart: number, rightEnd: number): number {
  const length = Math.min(leftEnd - leftStart, rightEnd - rightStart);
  for (let index = 0; index < length; index++) if (left[leftStart + index] !== right[rightStart + index]) return left[leftStart + index]! - right[rightStart + index]!;
  return leftEnd - leftStart - (rightEnd - rightStart);
}

// Calls `visit(bytes, start, end, count, finalCount)` for each entry of `order` (see coveredEntries).
function forEachEntry(tables: [WordFrequencyTableData, WordFrequencyTableData], order: Int32Array, visit: (bytes: Uint8Array, start: number, end: number, count: number, finalCount: number) => void): void {
  const [first, second] = tables;
  for (let entry = 0; entry < order.length; entry++) {
    const index = order[entry]!;
    const table = index < first.size ? first : second;
    const word = index < first.size ? index : index - first.size;
    const start = table.starts[word]!;
    visit(table.bytes, start, start + table.lengths[word]!, table.counts[word]!, table.finalCounts?.[word] ?? 0);
  }
}

/** The covered words as a typed {@link WordTable} (what the Unigram trainer reads), in canonical order. */
export function coveredWordTable(table: WordFrequencyTable, required: readonly [number, number][]): WordTable {
  const { tables, order } = coveredEntries(table, required, compareBytes);
  let total = 0;
  forEachEntry(tables, order, (bytes, start, end) => (total += codePointCount(bytes, start, end)));
  const builder = new WordTableBuilder(order.length, total);
  forEachEntry(tables, order, (bytes, start, end, count, finalCount) => {
    for (let position = start; position < end; position += utf8Length(bytes[position]!)) builder.addCodePoint(codePointAt(bytes, position));
    builder.endWord(count, finalCount);
  });
  return builder.finish();
}

/**
 * The covered words for the BPE trainer as code points in typed arrays (a list of JS strings
 * takes several times the memory and stays alive through all merges), sorted by count, then
 * text in UTF-16 order (the order a sort of JS strings gives, kept so models stay the same).
 * Code points sit at even positions (see {@link BpeWords}): the trainer's arrays are built in place.
 */
export function coveredBpeWords(table: WordFrequencyTable, required: readonly [number, number][]): BpeWords {
  const { tables, order } = coveredEntries(table, required, compareUtf16Order);
  let total = 0;
  forEachEntry(tables, order, (bytes, start, end) => (total += codePointCount(bytes, start, end)));
  // Resizable, so the trainer can return their memory as soon as it is done (releaseGrowable).
  const cells = growableInt32Array(2 * total, 2 * total);
  const offsets = new Int32Array(order.length + 1);
  const counts = growableFloat64Array(order.length, order.length);
  let position = 0;
  let word = 0;
  forEachEntry(tables, order, (bytes, start, end, count) => {
    for (let at = start; at < end; at += utf8Length(bytes[at]!)) cells[2 * position++] = codePointAt(bytes, at);
    counts[word] = count;
    offsets[++word] = position;
  });
  return { cells, offsets, counts };
}

// The first UTF-16 code unit of a code point (a high surrogate above the BMP).
function firstCodeUnit(codePoint: number): number {
  return codePoint < 0x10000 ? codePoint : 0xd800 + ((codePoint - 0x10000) >> 10);
}

// Compares two valid UTF-8 strings as JS compares the decoded strings (UTF-16 code units), which
// differs from code point order when a character above the BMP meets one in U+E000–U+FFFF.
function compareUtf16Order(left: Uint8Array, leftStart: number, leftEnd: number, right: Uint8Array, rightStart: number, rightEnd: number): number {
  let leftPosition = leftStart;
  let rightPosition = rightStart;
  while (leftPosition < leftEnd && rightPosition < rightEnd) {
    const leftCodePoint = codePointAt(left, leftPosition);
    const rightCodePoint = codePointAt(right, rightPosition);
    if (leftCodePoint !== rightCodePoint) return firstCodeUnit(leftCodePoint) - firstCodeUnit(rightCodePoint) || leftCodePoint - rightCodePoint;
    leftPosition += utf8Length(left[leftPosition]!);
    rightPosition += utf8Length(right[rightPosition]!);
  }
  return (leftPosition < leftEnd ? 1 : 0) - (rightPosition < rightEnd ? 1 : 0);
}

function utf8Length(lead: number): number {
  return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

function codePointAt(bytes: Uint8Array, position: number): number {
  const lead = bytes[position]!;
  if (lead < 0x80) return lead;
  if (lead < 0xe0) return ((lead & 0x1f) << 6) | (bytes[position + 1]! & 0x3f);
  if (lead < 0xf0) return ((lead & 0x0f) << 12) | ((bytes[position + 1]! & 0x3f) << 6) | (bytes[position + 2]! & 0x3f);
  return ((lead & 0x07) << 18) | ((bytes[position + 1]! & 0x3f) << 12) | ((bytes[position + 2]! & 0x3f) << 6) | (bytes[position + 3]! & 0x3f);
}
