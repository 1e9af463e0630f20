import { describe, expect, it } from 'vitest';
import { learnBpeMerges } from '../src/training/bpe-merges.js';
import { isValidSentencePiece, unknownCharacter } from '../src/training/piece-validity.js';
import { resolveTrainerOptions, type ResolvedTrainerOptions } from '../src/training/trainer-options.js';
import { floresFiles } from './helpers/reference-tools.js';

// The incremental trainer (pair index, lazy heap, typed arrays) must learn exactly the merges of
// the definition, computed here the slow way: every round recounts every pair of every word.
function mergesByDefinition(words: [string, number][], wanted: number, options: ResolvedTrainerOptions): string[] {
  let segmented = words.map(([word, count]) => ({ symbols: Array.from(word), count }));
  const banned = new Set<string>();
  const made = new Set<string>();
  const pieces: string[] = [];
  const utf8 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
  while (pieces.length < wanted) {
    const counts = new Map<string, { left: string; right: string; count: number }>();
    for (const { symbols, count } of segmented) {
      let previousKey = '';
      let previousEnd = -1;
      for (let position = 0; position + 1 < symbols.length; position++) {
        const left = symbols[position]!;
        const right = symbols[position + 1]!;
        const characters = Array.from(left + right, (character) => character.codePointAt(0)!);
        if (characters.includes(unknownCharacter) || !isValidSentencePiece(characters, options)) continue;
        const key = `${left}\u0000${right}`;
        if (banned.has(key)) continue;
        // A pair overlapping the same pair just counted ("aaa") is not counted again.
        if (key === previousKey && previousEnd === position) {
          previousKey = '';
          continue;
        }
        previousKey = key;
        previousEnd = position + 1;
        const entry = counts.get(key) ?? { left, right, count: 0 };
        entry.count += count;
        counts.set(key, entry);
      }
    }
    let best: { left: string; right: string; count: number } | undefined;
    for (const entry of counts.values()) {
      if (!best) {
        best = entry;
        continue;
      }
      const length = Array.from(entry.left + entry.right).length;
      const bestLength = Array.from(best.left + best.right).length;
      const text = utf8(entry.left + entry.right);
      const bestText = utf8(best.left + best.right);
      const better =
        entry.count > best.count ||
        (entry.count === best.count && (length < bestLength || (length === bestLength && (text < bestText || (text === bestText && Array.from(entry.left).length < Array.from(best.left).length)))));
      if (better) best = entry;
    }
    if (!best) break;
    const piece = best.left + best.right;
    if (made.has(piece)) {
      banned.add(`${best.left}\u0000${best.right}`);
      continue;
    }
    made.add(piece);
    pieces.push(piece);
    banned.add(`${best.left}\u0000${best.right}`);
    segmented = segmented.map(({ symbols, count }) => {
      const next: string[] = [];
      for (let position = 0; position < symbols.length; position++) {
        if (position + 1 < symbols.length && symbols[position] === best.left && symbols[position + 1] === best.right) {
          next.push(piece);
          position++;
        } else next.push(symbols[position]!);
      }
      return { symbols: next, count };
    });
  }
  return pieces;
}

function wordTable(lines: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const line of lines) for (const word of line.split(/\s+/).filter((part) => part !== '')) counts.set(`▁${word}`, (counts.get(`▁${word}`) ?? 0) + 1);
  return [...counts];
}

describe('learnBpeMerges', () => {
  it('learns the merges of the definition on multilingual FLORES words', () => {
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 6));
    const words = wordTable(lines);
    const options = resolveTrainerOptions({ vocabularySize: 1, modelType: 'bpe', normalizationRuleName: 'identity' });
    const expected = mergesByDefinition(words, 250, options);
    expect(learnBpeMerges(words, 250, options).map(({ piece }) => piece)).toEqual(expected);
  }, 120_000);

  it('handles runs of one symbol, equal strings from different pairs, unknown characters and digits as the definition does', () => {
    const unknown = String.fromCodePoint(unknownCharacter);
    const words: [string, number][] = [
      ['▁aaaa', 5], ['▁aaa', 7], ['▁aaaaaa', 2], ['▁abab', 4], ['▁abc', 3], ['▁bcab', 3], ['▁ab' + unknown + 'ab', 6], ['▁12345', 4], ['▁123', 3], ['▁ααβα', 2], ['▁a', 9],
    ];
    for (const given of [{ splitDigits: true }, { splitDigits: false, maxSentencepieceLength: 3 }]) {
      const options = resolveTrainerOptions({ vocabularySize: 1, modelType: 'bpe', normalizationRuleName: 'identity', ...given });
      const expected = mergesByDefinition(words, 40, options);
      const got = learnBpeMerges(words, 40, options);
      expect(got.map(({ piece }) => piece)).toEqual(expected);
      expect(got.map(({ score }) => score)).toEqual(expected.map((_, index) => -index));
    }
  });

  it('does not depend on the order of the word table', () => {
    const words = wordTable(floresFiles().flatMap(([, fileLines]) => fileLines.slice(10, 30)));
    const options = resolveTrainerOptions({ vocabularySize: 1, modelType: 'bpe', normalizationRuleName: 'identity' });
    const forward = learnBpeMerges(words, 800, options);
    expect(learnBpeMerges([...words].reverse(), 800, options)).toEqual(forward);
  });
});
