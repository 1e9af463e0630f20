import { describe, expect, it } from 'vitest';
import { coveredBpeWords } from '../src/training/covered-words.js';
import { unknownCharacter } from '../src/training/piece-validity.js';
import { WordFrequencyTable } from '../src/training/word-frequency-table.js';

const encoder = new TextEncoder();

function tableOf(entries: [string, number][]): WordFrequencyTable {
  const table = new WordFrequencyTable();
  for (const [word, count] of entries) table.add(encoder.encode(word), count);
  return table;
}

function wordsOf({ cells, offsets, counts }: ReturnType<typeof coveredBpeWords>): [string, number][] {
  return Array.from(counts, (count, word) => [String.fromCodePoint(...cells.subarray(2 * offsets[word]!, 2 * offsets[word + 1]!).filter((_, index) => index % 2 === 0)), count]);
}

describe('coveredBpeWords', () => {
  it('orders words by count, then as a sort of JS strings does (UTF-16 code units, not code points)', () => {
    // U+1F600 sorts after U+FF21 by code point but before it in UTF-16 (its high surrogate is U+D83D).
    const entries: [string, number][] = [['▁a\u{1F600}', 3], ['▁a\uFF21', 3], ['▁a', 3], ['▁ab', 3], ['▁z', 5], ['▁\u{10400}x', 1], ['▁\uE000', 1], ['▁\uD7FF', 1]];
    const required = [...new Set(entries.flatMap(([word]) => Array.from(word, (character) => character.codePointAt(0)!)))].map((character): [number, number] => [character, 1]);
    const expected = [...entries].sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0));
    expect(wordsOf(coveredBpeWords(tableOf(entries), required))).toEqual(expected);
  });

  it('replaces characters outside the coverage by the unknown character, merging words that become equal', () => {
    const required: [number, number][] = Array.from('▁ab', (character) => [character.codePointAt(0)!, 1]);
    const unknown = String.fromCodePoint(unknownCharacter);
    expect(wordsOf(coveredBpeWords(tableOf([['▁ax', 2], ['▁ay', 3], ['▁ab', 4]]), required))).toEqual([[`▁a${unknown}`, 5], ['▁ab', 4]]);
  });
});
