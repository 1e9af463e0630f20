/**
 * Texts that break naive implementations: empty, whitespace, astral-plane characters
 * (surrogate pairs in UTF-16), lone surrogates (invalid UTF-16 that crawled text does contain),
 * combining marks, control characters.
 *
 * @example
 * ```ts
 * import { trickyTexts } from '@oellm/conformance';
 * for (const [name, text] of Object.entries(trickyTexts)) myTokenizer.encode(text); // must not throw
 * ```
 */
export const trickyTexts: Readonly<Record<string, string>> = {
  empty: '',
  whitespace: ' \t\n ',
  astralPlane: 'Emoji 👩‍🔬 and math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, Gothic 𐌰𐌱𐌲',
  loneHighSurrogate: 'broken \uD800 text',
  loneLowSurrogate: 'broken \uDC00 text',
  combiningMarks: 'e\u0301 n\u0303 a\u030A',
  controlCharacters: 'tab\tnull\u0000bell\u0007',
  mixedScripts: 'Ελληνικά, кирилица, ქართული, Latin',
  longWord: 'a'.repeat(5000),
};
