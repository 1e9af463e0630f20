import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { balanceLanguages, languageOfFile, planLanguageSampling, sampleLanguageLines, temperatureSamplingProbabilities, trainFromLanguageFiles } from '../src/index.js';
import { floresDirectory, readLines, temporaryDirectory } from './helpers/reference-tools.js';

describe('temperatureSamplingProbabilities', () => {
  it('is p ∝ n^alpha: proportional at alpha 1, uniform at alpha 0', () => {
    expect(temperatureSamplingProbabilities({ en: 900, mt: 100 }, 1)).toEqual({ en: 0.9, mt: 0.1 });
    expect(temperatureSamplingProbabilities({ en: 900, mt: 100 }, 0)).toEqual({ en: 0.5, mt: 0.5 });
    const half = temperatureSamplingProbabilities({ en: 900, mt: 100 }, 0.5);
    expect(half.en).toBeCloseTo(30 / 40, 12); // sqrt(900) / (sqrt(900) + sqrt(100))
    expect(() => temperatureSamplingProbabilities({ en: 1 }, 2)).toThrow(RangeError);
  });
});

describe('balanceLanguages', () => {
  const english = Array.from({ length: 900 }, (_, index) => `en ${index}`);
  const maltese = Array.from({ length: 100 }, (_, index) => `mt ${index}`);

  it('resamples to the temperature proportions, keeping the total, deterministically', () => {
    const balanced = balanceLanguages({ en: english, mt: maltese }, { alpha: 0.5 });
    expect(balanced).toHaveLength(1000);
    expect(balanced.filter((line) => line.startsWith('en')).length).toBe(750);
    expect(balanced.filter((line) => line.startsWith('mt')).length).toBe(250);
    // Maltese is repeated twice in full, then 50 distinct lines.
    expect(new Set(balanced.filter((line) => line.startsWith('mt'))).size).toBe(100);
    expect(new Set(balanced.filter((line) => line.startsWith('en'))).size).toBe(750);
    expect(balanceLanguages({ en: english, mt: maltese }, { alpha: 0.5 })).toEqual(balanced);
  });
});

describe('temperature sampling of per-language files (streamed)', () => {
  // A real small corpus: FLORES dev sentences, languages of very different sizes.
  const sizes = { eng_Latn: 900, mlt_Latn: 120, gle_Latn: 40, ell_Grek: 8 } as const;
  const alpha = 0.3;
  let directory: string;
  const files: Record<string, string[]> = {};
  const linesOf: Record<string, string[]> = {};

  beforeAll(() => {
    directory = temporaryDirectory('language-sampling');
    for (const [language, size] of Object.entries(sizes)) {
      linesOf[language] = readLines(new URL(`${language}.dev`, floresDirectory)).slice(0, size);
      const path = join(directory, `${language}.txt`);
      writeFileSync(path, `${linesOf[language]!.join('\n')}\n`);
      files[language] = [path];
    }
  });

  // The definition, computed here independently: p = n^alpha / Σ n^alpha, sampled = round(p × total).
  const expectedSampled = (total: number): Record<string, number> => {
    const weights = Object.entries(sizes).map(([language, size]) => [language, size ** alpha] as const);
    const sum = weights.reduce((accumulated, [, weight]) => accumulated + weight, 0);
    return Object.fromEntries(weights.map(([language, weight]) => [language, Math.round((weight / sum) * total)]));
  };

  it('streams exactly round(p_lang × total) sentences per language: whole passes, then distinct random ones', async () => {
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    const plan = planLanguageSampling(sizes, { alpha });
    expect(Object.fromEntries(plan.map(({ language, sampled }) => [language, sampled]))).toEqual(expectedSampled(total));
    const streamed: string[] = [];
    for await (const line of sampleLanguageLines(plan, (language) => linesOf[language]!)) streamed.push(line);
    const expected = expectedSampled(total);
    for (const [language, size] of Object.entries(sizes)) {
      const own = new Set(linesOf[language]);
      const taken = streamed.filter((line) => own.has(line));
      expect(taken).toHaveLength(expected[language]!);
      const occurrences = new Map<string, number>();
      for (const line of taken) occurrences.set(line, (occurrences.get(line) ?? 0) + 1);
      const passes = Math.floor(expected[language]! / size);
      // Every line appears `passes` or `passes + 1` times; exactly the remainder appear once more.
      expect([...own].every((line) => [passes, passes + 1].includes(occurrences.get(line) ?? 0))).toBe(true);
      expect([...own].filter((line) => occurrences.get(line) === passes + 1)).toHaveLength(expected[language]! % size);
    }
    // English is cut down to a random subset spread over the whole file, not its first lines.
    const english = new Set(streamed);
    expect(linesOf['eng_Latn']!.findLastIndex((line) => english.has(line))).toBeGreaterThan(800);
  });

  it('trains on the sampled sentences and records the plan in the manifest', async () => {
    const prefix = join(directory, 'balanced');
    const result = await trainFromLanguageFiles(files, prefix, { vocabularySize: 400, modelType: 'bpe', normalizationRuleName: 'identity', threads: 0, languageSamplingAlpha: alpha, languageSamplingTotal: 600 });
    const expected = expectedSampled(600);
    expect(Object.fromEntries(result.languages.map(({ language, sampled }) => [language, sampled]))).toEqual(expected);
    expect(result.statistics.sentences).toBe(Object.values(expected).reduce((sum, count) => sum + count, 0));
    const manifest = JSON.parse(readFileSync(result.manifest, 'utf8')) as { counts: Record<string, number>; parameters: Record<string, unknown> };
    expect(manifest.counts['sampled:mlt_Latn']).toBe(expected['mlt_Latn']);
    expect(manifest.counts['available:eng_Latn']).toBe(900);
    expect(manifest.parameters['languageSamplingAlpha']).toBe(alpha);
    expect(languageOfFile('corpus/mlt_Latn.dev')).toBe('mlt_Latn');
  });
});
