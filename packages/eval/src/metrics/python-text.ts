// sacreBLEU and lm-evaluation-harness are Python: their `str.split()`, `re.split(r"\s+")`,
// `len(str)` and slicing count Unicode code points and split on Python's whitespace set,
// which differs from JavaScript's `\s` (Python adds U+001C–U+001F and U+0085, JavaScript adds U+FEFF).
// These helpers reproduce the Python behaviour so scores match to the last digit.

/** Python's `str.isspace()` characters (CPython `_PyUnicode_IsWhitespace`). */
const pythonWhitespace = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const whitespaceRun = new RegExp(`[${pythonWhitespace}]+`, 'g');
const whitespaceRunSingle = new RegExp(`[${pythonWhitespace}]+`);

/**
 * Python's `text.split()` with no argument: split on runs of whitespace, drop empty pieces.
 *
 * @example
 * ```ts
 * splitWhitespace('  a\u0085b  '); // ['a', 'b']
 * ```
 */
export function splitWhitespace(text: string): string[] {
  const pieces = text.split(whitespaceRun);
  let start = 0;
  let end = pieces.length;
  if (end > 0 && pieces[0] === '') start = 1;
  if (end > start && pieces[end - 1] === '') end -= 1;
  return start === 0 && end === pieces.length ? pieces : pieces.slice(start, end);
}

/**
 * Python's `len(re.split(r"\s+", text))`: the word count lm-evaluation-harness uses for word perplexity
 * (leading or trailing whitespace counts an empty piece, as in Python).
 *
 * @example
 * ```ts
 * countRegexWords('a b  c'); // 3
 * ```
 */
export function countRegexWords(text: string): number {
  return text.split(whitespaceRunSingle).length;
}

/**
 * Removes every whitespace character (Python's `''.join(text.split())`).
 *
 * @example
 * ```ts
 * removeWhitespace('a b\tc'); // 'abc'
 * ```
 */
export function removeWhitespace(text: string): string {
  return text.replace(whitespaceRun, '');
}

/**
 * The code points of `text` as separate strings (Python indexes strings by code point).
 *
 * @example
 * ```ts
 * codePoints('a😀'); // ['a', '😀']
 * ```
 */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/**
 * Python's `len(text)`: the number of code points.
 *
 * @example
 * ```ts
 * codePointLength('ħ😀'); // 2
 * ```
 */
export function codePointLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    // A high surrogate followed by a low surrogate is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    length++;
  }
  return length;
}

/**
 * Python's `rstrip()` with no argument.
 *
 * @example
 * ```ts
 * rstripWhitespace('a \n'); // 'a'
 * ```
 */
export function rstripWhitespace(text: string): string {
  return text.replace(new RegExp(`[${pythonWhitespace}]+$`), '');
}
