import type { Language, LanguageGroup, ScriptCode } from './language.js';

// One row per language: adding a language is one line here.
// [code, iso639_1, iso639_3, script, flores200, udhr, englishName, nativeName, group, aliases]
type Row = [string, string | null, string, ScriptCode, string | null, string | null, string, string, LanguageGroup, string[]];

const rows: Row[] = [
  ['bg', 'bg', 'bul', 'Cyrl', 'bul_Cyrl', 'bul', 'Bulgarian', 'български', 'eu-official', []],
  ['hr', 'hr', 'hrv', 'Latn', 'hrv_Latn', 'hrv', 'Croatian', 'hrvatski', 'eu-official', []],
  ['cs', 'cs', 'ces', 'Latn', 'ces_Latn', 'ces', 'Czech', 'čeština', 'eu-official', ['cze']],
  ['da', 'da', 'dan', 'Latn', 'dan_Latn', 'dan', 'Danish', 'dansk', 'eu-official', []],
  ['nl', 'nl', 'nld', 'Latn', 'nld_Latn', 'nld', 'Dutch', 'Nederlands', 'eu-official', ['dut']],
  ['en', 'en', 'eng', 'Latn', 'eng_Latn', 'eng', 'English', 'English', 'eu-official', []],
  ['et', 'et', 'est', 'Latn', 'est_Latn', 'est', 'Estonian', 'eesti', 'eu-official', ['ekk']],
  ['fi', 'fi', 'fin', 'Latn', 'fin_Latn', 'fin', 'Finnish', 'suomi', 'eu-official', []],
  ['fr', 'fr', 'fra', 'Latn', 'fra_Latn', 'fra', 'French', 'français', 'eu-official', ['fre']],
  ['de', 'de', 'deu', 'Latn', 'deu_Latn', 'deu_1996', 'German', 'Deutsch', 'eu-official', ['ger']],
  ['el', 'el', 'ell', 'Grek', 'ell_Grek', 'ell_monotonic', 'Greek', 'Ελληνικά', 'eu-official', ['gre']],
  ['hu', 'hu', 'hun', 'Latn', 'hun_Latn', 'hun', 'Hungarian', 'magyar', 'eu-official', []],
  ['ga', 'ga', 'gle', 'Latn', 'gle_Latn', 'gle', 'Irish', 'Gaeilge', 'eu-official', []],
  ['it', 'it', 'ita', 'Latn', 'ita_Latn', 'ita', 'Italian', 'italiano', 'eu-official', []],
  ['lv', 'lv', 'lav', 'Latn', 'lvs_Latn', 'lav', 'Latvian', 'latviešu', 'eu-official', ['lvs']],
  ['lt', 'lt', 'lit', 'Latn', 'lit_Latn', 'lit', 'Lithuanian', 'lietuvių', 'eu-official', []],
  ['mt', 'mt', 'mlt', 'Latn', 'mlt_Latn', 'mlt', 'Maltese', 'Malti', 'eu-official', []],
  ['pl', 'pl', 'pol', 'Latn', 'pol_Latn', 'pol', 'Polish', 'polski', 'eu-official', []],
  ['pt', 'pt', 'por', 'Latn', 'por_Latn', 'por_PT', 'Portuguese', 'português', 'eu-official', []],
  ['ro', 'ro', 'ron', 'Latn', 'ron_Latn', 'ron_2006', 'Romanian', 'română', 'eu-official', ['rum', 'mo']],
  ['sk', 'sk', 'slk', 'Latn', 'slk_Latn', 'slk', 'Slovak', 'slovenčina', 'eu-official', ['slo']],
  ['sl', 'sl', 'slv', 'Latn', 'slv_Latn', 'slv', 'Slovenian', 'slovenščina', 'eu-official', []],
  ['es', 'es', 'spa', 'Latn', 'spa_Latn', 'spa', 'Spanish', 'español', 'eu-official', []],
  ['sv', 'sv', 'swe', 'Latn', 'swe_Latn', 'swe', 'Swedish', 'svenska', 'eu-official', []],
  ['sq', 'sq', 'sqi', 'Latn', 'als_Latn', 'als', 'Albanian', 'shqip', 'candidate', ['alb', 'als']],
  ['bs', 'bs', 'bos', 'Latn', 'bos_Latn', 'bos_latn', 'Bosnian', 'bosanski', 'candidate', []],
  ['mk', 'mk', 'mkd', 'Cyrl', 'mkd_Cyrl', 'mkd', 'Macedonian', 'македонски', 'candidate', ['mac']],
  ['sr', 'sr', 'srp', 'Cyrl', 'srp_Cyrl', 'srp_cyrl', 'Serbian', 'српски', 'candidate', []],
  // Montenegrin has no ISO 639-1 code; `me` (the country code) is how many corpora tag it.
  ['cnr', null, 'cnr', 'Latn', null, 'cnr', 'Montenegrin', 'crnogorski', 'candidate', ['me']],
  ['uk', 'uk', 'ukr', 'Cyrl', 'ukr_Cyrl', 'ukr', 'Ukrainian', 'українська', 'candidate', []],
  ['tr', 'tr', 'tur', 'Latn', 'tur_Latn', 'tur', 'Turkish', 'Türkçe', 'candidate', []],
  ['ka', 'ka', 'kat', 'Geor', 'kat_Geor', 'kat', 'Georgian', 'ქართული', 'candidate', ['geo']],
  ['is', 'is', 'isl', 'Latn', 'isl_Latn', 'isl', 'Icelandic', 'íslenska', 'efta', ['ice']],
  // FLORES-200 and most corpora carry Norwegian as Bokmål.
  ['no', 'no', 'nor', 'Latn', 'nob_Latn', 'nob', 'Norwegian', 'norsk', 'efta', ['nb', 'nob']],
  ['ca', 'ca', 'cat', 'Latn', 'cat_Latn', 'cat', 'Catalan', 'català', 'regional', []],
  ['eu', 'eu', 'eus', 'Latn', 'eus_Latn', 'eus', 'Basque', 'euskara', 'regional', ['baq']],
  ['gl', 'gl', 'glg', 'Latn', 'glg_Latn', 'glg', 'Galician', 'galego', 'regional', []],
];

/**
 * Every language oellm knows, in registry order (the 24 official EU languages first).
 *
 * @example
 * ```ts
 * import { languages } from '@oellm/core';
 * console.log(languages.length); // 37
 * ```
 */
export const languages: readonly Language[] = Object.freeze(
  rows.map(([code, iso639_1, iso639_3, script, flores200, udhr, englishName, nativeName, group, aliases]) =>
    Object.freeze({ code, iso639_1, iso639_3, script, flores200, udhr, englishName, nativeName, group, aliases: Object.freeze(aliases) }),
  ),
);
