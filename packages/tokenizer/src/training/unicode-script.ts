/**
 * The Unicode script of a code point, for SentencePiece's rule that a piece never mixes
 * scripts. Scripts are tested with the engine's Unicode property escapes and cached.
 */
const scripts = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi',
  'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Ethiopic',
  'Cherokee', 'Khmer', 'Mongolian', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo', 'Runic', 'Ogham', 'Gothic', 'Coptic',
  'Glagolitic', 'Tifinagh', 'Canadian_Aboriginal', 'Inherited', 'Common',
] as const;
export type ScriptName = (typeof scripts)[number] | 'Other';

const patterns = scripts.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')] as const);
const cache = new Map<number, ScriptName>();

/** Script of `codepoint` (`Latin`, `Common`, `Inherited`, …; `Other` for the rest). */
export function scriptOf(codepoint: number): ScriptName {
  let script = cache.get(codepoint);
  if (script !== undefined) return script;
  const character = String.fromCodePoint(codepoint);
  script = 'Other';
  for (const [name, pattern] of patterns) {
    if (pattern.test(character)) {
      script = name;
      break;
    }
  }
  cache.set(codepoint, script);
  return script;
}
