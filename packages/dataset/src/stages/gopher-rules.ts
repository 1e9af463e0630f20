/**
 * Thresholds of the Gopher quality and repetition rules (Rae et al. 2021, as implemented in
 * datatrove's `GopherQualityFilter` and `GopherRepetitionFilter`, whose defaults these are),
 * plus a digit ratio. Set a threshold to `undefined`/`null` to switch its rule off.
 *
 * @example
 * ```ts
 * import { gopherDefaults, type GopherThresholds } from '@oellm/dataset';
 * const lenient: GopherThresholds = { ...gopherDefaults, minWords: 20 };
 * ```
 */
export interface GopherThresholds {
  minWords?: number | null;
  maxWords?: number | null;
  minMeanWordLength?: number | null;
  maxMeanWordLength?: number | null;
  /** `#`, `...` and `…` per word. */
  maxSymbolWordRatio?: number | null;
  maxBulletLinesRatio?: number | null;
  maxEllipsisLinesRatio?: number | null;
  /** At least this fraction of words must contain a letter. */
  minAlphabeticWordsRatio?: number | null;
  /** At least this many distinct stop words (only where `stopWords` has a list for the language). */
  minStopWords?: number | null;
  /** Digits per character (not a Gopher rule; ours, off by default). */
  maxDigitRatio?: number | null;
  maxDuplicateLinesRatio?: number | null;
  maxDuplicateLineCharactersRatio?: number | null;
  /** n → maximum share of characters in the most frequent n-gram. */
  topNgramRatios?: Record<number, number> | null;
  /** n → maximum share of characters in repeated n-grams. */
  duplicateNgramRatios?: Record<number, number> | null;
}

/**
 * datatrove's Gopher defaults.
 *
 * @example
 * ```ts
 * import { gopherDefaults } from '@oellm/dataset';
 * gopherDefaults.minWords; // 50
 * ```
 */
export const gopherDefaults: Readonly<GopherThresholds> = Object.freeze({
  minWords: 50,
  maxWords: 100_000,
  minMeanWordLength: 3,
  maxMeanWordLength: 10,
  maxSymbolWordRatio: 0.1,
  maxBulletLinesRatio: 0.9,
  maxEllipsisLinesRatio: 0.3,
  minAlphabeticWordsRatio: 0.8,
  minStopWords: 2,
  maxDigitRatio: null,
  maxDuplicateLinesRatio: 0.3,
  maxDuplicateLineCharactersRatio: 0.2,
  topNgramRatios: { 2: 0.2, 3: 0.18, 4: 0.16 },
  duplicateNgramRatios: { 5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.1 },
});

/**
 * Stop-word lists by language. Gopher's English list is the only built-in one; add your own
 * per language (FineWeb-2 derives them from each language's most frequent words).
 *
 * @example
 * ```ts
 * import { gopherStopWords } from '@oellm/dataset';
 * gopherStopWords.en; // ['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with']
 * ```
 */
export const gopherStopWords: Readonly<Record<string, readonly string[]>> = Object.freeze({ en: ['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with'] });

const punctuation = /^[\p{P}\p{S}]+$/u;
const letter = /\p{L}/u;

/**
 * The first Gopher rule a text breaks, as a reason code (`gopher:too_few_words`, …), or null.
 *
 * @example
 * ```ts
 * import { gopherVerdict, gopherDefaults } from '@oellm/dataset';
 * gopherVerdict('Too short.', gopherDefaults, undefined); // 'gopher:too_few_words'
 * ```
 */
export function gopherVerdict(text: string, thresholds: GopherThresholds, stopWords: readonly string[] | undefined): string | null {
  const tokens = text.split(/\s+/u).filter((token) => token !== '');
  const words = tokens.filter((token) => !punctuation.test(token));
  const wordCount = words.length;
  const t = thresholds;
  if (t.minWords != null && wordCount < t.minWords) return 'gopher:too_few_words';
  if (t.maxWords != null && wordCount > t.maxWords) return 'gopher:too_many_words';
  if (wordCount > 0) {
    const meanLength = words.reduce((sum, word) => sum + [...word].length, 0) / wordCount;
    if (t.minMeanWordLength != null && meanLength < t.minMeanWordLength) return 'gopher:mean_word_length';
    if (t.maxMeanWordLength != null && meanLength > t.maxMeanWordLength) return 'gopher:mean_word_length';
    if (t.maxSymbolWordRatio != null && (count(text, '#') + count(text, '...') + count(text, '…')) / wordCount > t.maxSymbolWordRatio) return 'gopher:symbol_ratio';
  }
  const lines = text.split('\n');
  const nonEmptyLines = lines.filter((line) => line.trim() !== '');
  if (nonEmptyLines.length > 0) {
    if (t.maxBulletLinesRatio != null && nonEmptyLines.filter((line) => /^\s*[•●○▪‣\-*]/u.test(line)).length / nonEmptyLines.length > t.maxBulletLinesRatio) return 'gopher:bullet_lines';
    if (t.maxEllipsisLinesRatio != null && nonEmptyLines.filter((line) => /(\.\.\.|…)\s*$/u.test(line)).length / nonEmptyLines.length > t.maxEllipsisLinesRatio) return 'gopher:ellipsis_lines';
  }
  if (t.minAlphabeticWordsRatio != null && tokens.length > 0 && tokens.filter((token) => letter.test(token)).length / tokens.length < t.minAlphabeticWordsRatio) return 'gopher:non_alphabetic_words';
  if (t.minStopWords != null && stopWords && stopWords.length > 0) {
    const present = new Set(words.map((word) => word.toLowerCase().replace(/^[\p{P}]+|[\p{P}]+$/gu, '')));
    if (stopWords.filter((word) => present.has(word)).length < t.minStopWords) return 'gopher:stop_words';
  }
  if (t.maxDigitRatio != null && text.length > 0 && (text.match(/\p{Nd}/gu)?.length ?? 0) / text.length > t.maxDigitRatio) return 'gopher:digit_ratio';
  return repetitionVerdict(text, words, thresholds);
}

function repetitionVerdict(text: string, words: string[], t: GopherThresholds): string | null {
  if (text.length === 0) return null;
  const lines = text.split(/\n+/u);
  let duplicateLines = 0;
  let duplicateCharacters = 0;
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line)) {
      duplicateLines++;
      duplicateCharacters += line.length;
    } else seen.add(line);
  }
  if (t.maxDuplicateLinesRatio != null && duplicateLines / lines.length > t.maxDuplicateLinesRatio) return 'gopher:duplicate_lines';
  if (t.maxDuplicateLineCharactersRatio != null && duplicateCharacters / text.length > t.maxDuplicateLineCharactersRatio) return 'gopher:duplicate_line_characters';
  for (const [n, limit] of Object.entries(t.topNgramRatios ?? {})) {
    const size = Number(n);
    const counts = new Map<string, number>();
    let top = '';
    let topCount = 0;
    for (let start = 0; start + size <= words.length; start++) {
      const gram = words.slice(start, start + size).join(' ');
      const value = (counts.get(gram) ?? 0) + 1;
      counts.set(gram, value);
      if (value > topCount) {
        top = gram;
        topCount = value;
      }
    }
    if (topCount > 1 && (top.length * topCount) / text.length > limit) return `gopher:top_${size}_gram`;
  }
  for (const [n, limit] of Object.entries(t.duplicateNgramRatios ?? {})) {
    const size = Number(n);
    const unique = new Set<string>();
    let repeatedCharacters = 0;
    let start = 0;
    // As datatrove's find_all_duplicate: after a repeated n-gram, jump past it so overlaps count once.
    while (start < words.length - size + 1) {
      const gram = words.slice(start, start + size).join('');
      if (unique.has(gram)) {
        repeatedCharacters += gram.length;
        start += size;
      } else {
        unique.add(gram);
        start++;
      }
    }
    if (repeatedCharacters / text.length > limit) return `gopher:duplicate_${size}_gram`;
  }
  return null;
}

function count(text: string, needle: string): number {
  let total = 0;
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) total++;
  return total;
}
