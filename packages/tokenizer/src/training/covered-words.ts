import type { BpeWords } from './bpe-merges.js';
import { boundaryCharacter, unknownCharacter } from './piece-validity.js';
import { WordFrequencyTable } from './word-frequency-table.js';
import { WordTableBuilder, type WordTable } from './word-table.js';

const unknownString = String.fromCodePoint(unknownCharacter);

// Decodes the (valid) UTF-8 of `bytes[start, end)`, calling `onCodePoint` for each character.
function forEachCodePoint(bytes: Uint8Array, start: number, end: number, onCodePoint: (codePoint: number) => void): void {
  for (let position = start; position < end; ) {
    const lead = bytes[position]!;
    if (lead < 0x80) {
      onCodePoint(lead);
      position++;
    } else if (lead < 0xe0) {
      onCodePoint(((lead & 0x1f) << 6) | (bytes[position + 1]! & 0x3f));
      position += 2;
    } else if (lead < 0xf0) {
      onCodePoint(((lead & 0x0f) << 12) | ((bytes[position + 1]! & 0x3f) << 6) | (bytes[position + 2]! & 0x3f));
      position += 3;
    } else {
      onCodePoint(((lead & 0x07) << 18) | ((bytes[position + 1]! & 0x3f) << 12) | ((bytes[position + 2]! & 0x3f) << 6) | (bytes[position + 3]! & 0x3f));
      position += 4;
    }
  }
}

/**
 * TrainerInterface::LoadSentences' required characters: the most frequent characters until
 * `characterCoverage` of all character occurrences is covered (compared in float, as spm does).
 */
export function requiredCharactersOf(table: WordFrequencyTable, characterCoverage: number): { required: [number, number][]; coverage: number } {
  const counts = new Float64Array(0x110000);
  let all = 0;
  for (let word = 0; word < table.size; word++) {
    const [bytes, count] = table.word(word);
    forEachCodePoint(bytes, 0, bytes.length, (codePoint) => {
      if (codePoint === 0 || codePoint === 0x20) return;
      counts[codePoint]! += count;
      all += count;
    });
  }
  const sorted: [number, number][] = [];
  for (let codePoint = 0; codePoint < counts.length; codePoint++) if (counts[codePoint]! > 0) sorted.push([codePoint, counts[codePoint]!]);
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
 * become equal merge), sorted by count, then UTF-8 bytes, so the order depends neither on the
 * input order nor on the thread count. Returns the sorted tables' entries as (table, index).
 */
function coveredEntries(table: WordFrequencyTable, required: readonly [number, number][]): { tables: [WordFrequencyTable, WordFrequencyTable]; order: Int32Array; isRequired: Uint8Array } {
  const isRequired = new Uint8Array(0x110000);
  for (const [character] of required) isRequired[character] = 1;
  const replaced = new Map<string, [count: number, finalCount: number]>();
  const covered = new Uint8Array(table.size).fill(1);
  for (let word = 0; word < table.size; word++) {
    const [bytes, count] = table.word(word);
    let allRequired = true;
    forEachCodePoint(bytes, 0, bytes.length, (codePoint) => {
      if (isRequired[codePoint] !== 1) allRequired = false;
    });
    if (allRequired) continue;
    covered[word] = 0;
    let mapped = '';
    forEachCodePoint(bytes, 0, bytes.length, (codePoint) => {
      mapped += isRequired[codePoint] === 1 ? String.fromCodePoint(codePoint) : unknownString;
    });
    const sum = replaced.get(mapped) ?? [0, 0];
    sum[0] += count;
    sum[1] += table.finalCount(word);
    replaced.set(mapped, sum);
  }
  const extra = new WordFrequencyTable(replaced.size);
  const encoder = new TextEncoder();
  for (const [word, [count, finalCount]] of replaced) {
    const bytes = encoder.encode(word);
    extra.add(bytes, count, 0, bytes.length, finalCount);
  }
  const size = table.size;
  const order: number[] = [];
  for (let word = 0; word < size; word++) if (covered[word] === 1) order.push(word);
  for (let word = 0; word < extra.size; word++) order.push(size + word);
  const entry = (index: number): [Uint8Array, number] => (index < size ? table.word(index) : extra.word(index - size));
  order.sort((left, right) => {
    const [leftBytes, leftCount] = entry(left);
    const [rightBytes, rightCount] = entry(right);
    if (leftCount !== rightCount) return rightCount - leftCount;
    const length = Math.min(leftBytes.length, rightBytes.length);
    for (let index = 0; index < length; index++) if (leftBytes[index] !== rightBytes[index]) return leftBytes[index]! - rightBytes[index]!;
    return leftBytes.length - rightBytes.length;
  });
  return { tables: [table, extra], order: Int32Array.from(order), isRequired };
}

/** The covered words as a typed {@link WordTable} (what the Unigram trainer reads), in canonical order. */
export function coveredWordTable(table: WordFrequencyTable, required: readonly [number, number][]): WordTable {
  const { tables, order } = coveredEntries(table, required);
  const entry = (index: number): [Uint8Array, number] => (index < tables[0].size ? tables[0].word(index) : tables[1].word(index - tables[0].size));
  let total = 0;
  for (const index of order) forEachCodePoint(entry(index)[0], 0, entry(index)[0].length, () => total++);
  const builder = new WordTableBuilder(order.length, total);
  for (const index of order) {
    const [bytes, count] = entry(index);
    forEachCodePoint(bytes, 0, bytes.length, (codePoint) => builder.addCodePoint(codePoint));
    builder.endWord(count, index < tables[0].size ? tables[0].finalCount(index) : tables[1].finalCount(index - tables[0].size));
  }
  return builder.finish();
}

/**
 * The covered words for the BPE trainer as code points in typed arrays (a list of JS strings
 * takes several times the memory and stays alive through all merges), sorted by count, then
 * text in UTF-16 order (the order a sort of JS strings gives, kept so models stay the same).
 */
export function coveredBpeWords(table: WordFrequencyTable, required: readonly [number, number][]): BpeWords {
  const { tables, order } = coveredEntries(table, required);
  const entry = (index: number): [Uint8Array, number] => (index < tables[0].size ? tables[0].word(index) : tables[1].word(index - tables[0].size));
  order.sort((left, right) => {
    const [leftBytes, leftCount] = entry(left);
    const [rightBytes, rightCount] = entry(right);
    return leftCount !== rightCount ? rightCount - leftCount : compareUtf16Order(leftBytes, rightBytes);
  });
  let total = 0;
  for (const index of order) forEachCodePoint(entry(index)[0], 0, entry(index)[0].length, () => total++);
  const codePoints = new Int32Array(total);
  const offsets = new Int32Array(order.length + 1);
  const counts = new Float64Array(order.length);
  let position = 0;
  order.forEach((index, word) => {
    const [bytes, count] = entry(index);
    forEachCodePoint(bytes, 0, bytes.length, (codePoint) => (codePoints[position++] = codePoint));
    counts[word] = count;
    offsets[word + 1] = position;
  });
  return { codePoints, offsets, counts };
}

// The first UTF-16 code unit of a code point (a high surrogate above the BMP).
function firstCodeUnit(codePoint: number): number {
  return codePoint < 0x10000 ? codePoint : 0xd800 + ((codePoint - 0x10000) >> 10);
}

// Compares two valid UTF-8 strings as JS compares the decoded strings (UTF-16 code units), which
// differs from code point order when a character above the BMP meets one in U+E000–U+FFFF.
function compareUtf16Order(left: Uint8Array, right: Uint8Array): number {
  let leftPosition = 0;
  let rightPosition = 0;
  while (leftPosition < left.length && rightPosition < right.length) {
    const leftCodePoint = codePointAt(left, leftPosition);
    const rightCodePoint = codePointAt(right, rightPosition);
    if (leftCodePoint !== rightCodePoint) return firstCodeUnit(leftCodePoint) - firstCodeUnit(rightCodePoint) || leftCodePoint - rightCodePoint;
    leftPosition += utf8Length(left[leftPosition]!);
    rightPosition += utf8Length(right[rightPosition]!);
  }
  return (leftPosition < left.length ? 1 : 0) - (rightPosition < right.length ? 1 : 0);
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
