import { UnknownLanguageError } from '../errors/unknown-language-error.js';
import { editDistance } from '../text/edit-distance.js';
import type { Language, LanguageGroup } from './language.js';
import { languages } from './registry.js';

// Every way a language can be named, lowercased, mapped to its entry. Built once on first use.
let index: Map<string, Language> | undefined;

function keysOf(language: Language): string[] {
  const keys = [language.code, language.iso639_3, language.englishName, language.nativeName, ...language.aliases];
  if (language.iso639_1) keys.push(language.iso639_1);
  if (language.flores200) keys.push(language.flores200);
  if (language.udhr) keys.push(language.udhr);
  return keys.map((key) => key.toLowerCase());
}

function getIndex(): Map<string, Language> {
  if (!index) {
    index = new Map();
    for (const language of languages) for (const key of keysOf(language)) if (!index.has(key)) index.set(key, language);
  }
  return index;
}

function normalise(query: string): string {
  return query.trim().toLowerCase().replace(/-/g, '_');
}

/**
 * Finds a language by any of its codes or names: ISO 639-1 (`de`), ISO 639-3 (`deu`),
 * ISO 639-2/B (`ger`), FLORES-200 (`deu_Latn`), a BCP 47 tag with region or script
 * (`de-AT`, `sr-Cyrl`), or its English or native name. Case does not matter.
 *
 * @returns the language, or `undefined` when none matches.
 * @example
 * ```ts
 * import { findLanguage } from '@oellm/core';
 * findLanguage('lvs_Latn')?.code; // 'lv'
 * findLanguage('Gaeilge')?.code;  // 'ga'
 * ```
 */
export function findLanguage(query: string): Language | undefined {
  const key = normalise(query);
  const lookup = getIndex();
  const direct = lookup.get(key) ?? lookup.get(key.replace(/_/g, ' '));
  if (direct) return direct;
  // A BCP 47 tag such as `pt_br` or `sr_latn`: the primary subtag names the language, as long
  // as the other subtags are well-formed (so a typo like `lvs_latm` is reported, not guessed).
  const [primary, ...rest] = key.split('_');
  if (!primary || rest.length === 0 || !rest.every(isWellFormedSubtag)) return undefined;
  return lookup.get(primary);
}

const knownScripts = new Set(['latn', 'cyrl', 'grek', 'geor', 'armn', 'arab', 'hebr']);

function isWellFormedSubtag(subtag: string): boolean {
  return knownScripts.has(subtag) || /^([a-z]{2}|\d{3})$/.test(subtag) || /^([a-z0-9]{5,8}|\d[a-z0-9]{3})$/.test(subtag);
}

/**
 * Like {@link findLanguage}, but throws an {@link UnknownLanguageError} listing close matches.
 *
 * @example
 * ```ts
 * import { getLanguage } from '@oellm/core';
 * getLanguage('el').nativeName; // 'Ελληνικά'
 * getLanguage('xx');            // throws: Unknown language 'xx'. Did you mean ...?
 * ```
 */
export function getLanguage(query: string): Language {
  const language = findLanguage(query);
  if (!language) throw new UnknownLanguageError(query, closeLanguageMatches(query));
  return language;
}

/**
 * Registry codes whose codes or names are nearest to `query`, best first (at most `limit`).
 *
 * @example
 * ```ts
 * import { closeLanguageMatches } from '@oellm/core';
 * closeLanguageMatches('germn'); // ['de']
 * ```
 */
export function closeLanguageMatches(query: string, limit = 3): string[] {
  const key = normalise(query);
  const scored = languages.map((language) => {
    let best = Number.POSITIVE_INFINITY;
    for (const candidate of keysOf(language)) best = Math.min(best, editDistance(key, candidate.replace(/-/g, '_')));
    return { code: language.code, distance: best };
  });
  // Allow about one edit per three characters: close enough to be a typo, not a different word.
  const allowed = Math.max(1, Math.ceil(key.length / 3));
  return scored
    .filter((entry) => entry.distance <= allowed)
    .sort((left, right) => left.distance - right.distance)
    .slice(0, limit)
    .map((entry) => entry.code);
}

/**
 * Resolves a selection such as `all`, `eu24`, or `de,fr,lvs_Latn` to registry entries, in the
 * order given (registry order for the named groups). Throws on the first unknown code.
 *
 * @example
 * ```ts
 * import { selectLanguages } from '@oellm/core';
 * selectLanguages('eu24').length; // 24
 * ```
 */
export function selectLanguages(selection: string | readonly string[]): Language[] {
  const parts = typeof selection === 'string' ? selection.split(',') : [...selection];
  const chosen = new Map<string, Language>();
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const group = groupSelections[part.toLowerCase()];
    const members = group ? languages.filter((language) => group.includes(language.group)) : [getLanguage(part)];
    for (const language of members) chosen.set(language.code, language);
  }
  return [...chosen.values()];
}

const groupSelections: Record<string, readonly LanguageGroup[]> = {
  all: ['eu-official', 'candidate', 'efta', 'regional'],
  eu24: ['eu-official'],
  candidates: ['candidate'],
};
