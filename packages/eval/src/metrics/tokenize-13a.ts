import { splitWhitespace } from './python-text.js';

// The mteval-v13a tokenisation as sacreBLEU 2.x implements it
// (sacrebleu/tokenizers/tokenizer_13a.py and tokenizer_re.py): unescape a few XML entities,
// pad the string with spaces, split off ASCII punctuation and symbols, split periods and commas
// unless they sit between digits, split a dash after a digit, collapse whitespace.
const symbols = /([{-~[-` -&(-+:-@/])/g;
const periodOrCommaAfterNonDigit = /([^0-9])([.,])/g;
const periodOrCommaBeforeNonDigit = /([.,])([^0-9])/g;
const dashAfterDigit = /([0-9])(-)/g;

/**
 * Tokenises one segment exactly as sacreBLEU's default `13a` tokenizer.
 *
 * @example
 * ```ts
 * tokenize13a('The dog (a puppy) bit 1,000 men.'); // 'The dog ( a puppy ) bit 1,000 men .'
 * ```
 */
export function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `;
  text = text.replace(symbols, ' $1 ');
  text = text.replace(periodOrCommaAfterNonDigit, '$1 $2 ');
  text = text.replace(periodOrCommaBeforeNonDigit, ' $1 $2');
  text = text.replace(dashAfterDigit, '$1 $2 ');
  return splitWhitespace(text).join(' ');
}

/**
 * sacreBLEU's `none` tokenizer: the segment unchanged.
 *
 * @example
 * ```ts
 * tokenizeNone('a.b'); // 'a.b'
 * ```
 */
export function tokenizeNone(line: string): string {
  return line;
}
