import { fileURLToPath } from 'node:url';
import type { TokenizerV1 } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { computeFairnessReport, formatFairnessTable, giniCoefficient, loadSentencePieceTokenizer, readParallelDirectory } from '../src/index.js';
import { floresDirectory } from './helpers/reference-tools.js';
import { trainReferenceModels } from './helpers/reference-models.js';

// A byte-level tokenizer: every figure follows from the UTF-8 length of the text.
const bytes: TokenizerV1 = {
  specificationVersion: 'v1',
  name: 'bytes',
  vocabularySize: 256,
  specialIds: {},
  encode: (text) => Uint32Array.from(new TextEncoder().encode(text)),
  decode: (ids) => new TextDecoder().decode(Uint8Array.from(ids)),
};

describe('computeFairnessReport', () => {
  it('computes each figure by its definition', () => {
    const report = computeFairnessReport(bytes, [
      { name: 'eng_Latn', language: 'en', lines: ['a bc', 'd'] },
      { name: 'ell_Grek', language: 'el', lines: ['αβ γ', 'δ'] },
    ]);
    const [english, greek] = report.languages;
    expect(english).toMatchObject({ words: 3, tokens: 5, bytes: 5, characters: 5, fertility: 5 / 3, continuedWordProportion: 1 / 3, bytesPerToken: 1, charactersPerToken: 1, premium: 1 });
    // Greek letters are 2 bytes each: 'αβ γ' = 7 bytes, 'δ' = 2 bytes.
    expect(greek).toMatchObject({ words: 3, tokens: 9, characters: 5, fertility: 3, continuedWordProportion: 1, premium: 9 / 5 });
    expect(report.maximumPremium).toEqual({ language: 'el', premium: 9 / 5 });
    expect(report.premiumGini).toBeCloseTo(giniCoefficient([1, 1.8]), 12);
    expect(formatFairnessTable(report)).toMatch(/^language +tokens/);
  });

  it('gini coefficient: 0 for equal values, (n-1)/n for one non-zero value', () => {
    expect(giniCoefficient([2, 2, 2, 2])).toBe(0);
    expect(giniCoefficient([0, 0, 0, 5])).toBeCloseTo(3 / 4, 12);
    // Mean absolute difference of pairs over twice the mean: {1,2,3} → (2·(1+2+1))/(2·9·2) = 2/9.
    expect(giniCoefficient([1, 2, 3])).toBeCloseTo(2 / 9, 12);
  });

  it('reports all FLORES languages for a spm_train model, English at premium 1, byte fallback counted', async () => {
    const models = trainReferenceModels();
    const tokenizer = await loadSentencePieceTokenizer(models.get('unigram-identity-byte-fallback')!);
    const texts = (await readParallelDirectory(fileURLToPath(floresDirectory))).map((text) => ({ ...text, lines: text.lines.slice(0, 100) }));
    expect(texts).toHaveLength(36);
    expect(texts.every((text) => text.language !== undefined)).toBe(true);
    const report = computeFairnessReport(tokenizer, texts);
    expect(report.reference).toBe('en');
    expect(report.languages.find((entry) => entry.language === 'en')!.premium).toBe(1);
    for (const entry of report.languages) {
      expect(entry.tokens).toBeGreaterThan(0);
      expect(entry.unknownRate).toBe(0); // byte fallback: nothing is unknown
    }
    expect(report.maximumPremium!.premium).toBeGreaterThan(1);
    expect(report.premiumGini).toBeGreaterThan(0);
  });
});
