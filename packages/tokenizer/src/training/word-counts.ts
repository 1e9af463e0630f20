import { whitespaceCharacter } from './piece-validity.js';

/**
 * A frequency table of words (whitespace-delimited pieces of normalised sentences) as a plain
 * map, for small tables. Training counts into the compact {@link WordFrequencyTable}, whose
 * `toMap()` gives this form; partial tables merge by adding counts.
 */
export type WordCounts = Map<string, number>;

const whitespace = String.fromCodePoint(whitespaceCharacter);

/**
 * TrainerInterface's SplitIntoWords: a new word starts at the beginning and at every ▁ (or,
 * with `treatWhitespaceAsSuffix`, after every ▁); runs of ▁ stay together when whitespace-only
 * pieces are allowed.
 *
 * @example
 * ```ts
 * import { splitIntoWords } from '@oellm/tokenizer';
 * splitIntoWords('▁Bonġu▁dinja', false, false); // ['▁Bonġu', '▁dinja']
 * ```
 */
export function splitIntoWords(text: string, treatWhitespaceAsSuffix: boolean, allowWhitespaceOnlyPieces: boolean): string[] {
  const words: string[] = [];
  let current = '';
  let inWhitespaceRun = false;
  if (treatWhitespaceAsSuffix) {
    // Whitespace ends a word; with whitespace-only pieces allowed, a run of ▁ ends it.
    let started = false;
    for (const character of text) {
      const isWhitespace = character === whitespace;
      if (isWhitespace) inWhitespaceRun = true;
      else if (inWhitespaceRun) {
        if (allowWhitespaceOnlyPieces && started) {
          words.push(current);
          current = '';
        }
        inWhitespaceRun = false;
      }
      current += character;
      started = true;
      if (isWhitespace && !allowWhitespaceOnlyPieces) {
        words.push(current);
        current = '';
      }
    }
    if (current !== '') words.push(current);
    return words;
  }
  let first = true;
  for (const character of text) {
    const isWhitespace = character === whitespace;
    if (first || (isWhitespace && (!inWhitespaceRun || !allowWhitespaceOnlyPieces))) {
      if (!first) words.push(current);
      current = '';
      inWhitespaceRun = true;
      first = false;
    }
    if (inWhitespaceRun && !isWhitespace) inWhitespaceRun = false;
    current += character;
  }
  if (!first) words.push(current);
  return words;
}

/** Adds `count` occurrences of `word`. */
export function addWord(table: WordCounts, word: string, count = 1): void {
  table.set(word, (table.get(word) ?? 0) + count);
}

/**
 * Adds `source` into `target` (merging partial tables).
 *
 * @example
 * ```ts
 * mergeWordCounts(total, countedOnWorker);
 * ```
 */
export function mergeWordCounts(target: WordCounts, source: WordCounts): WordCounts {
  for (const [word, count] of source) addWord(target, word, count);
  return target;
}
