import { languages } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { documentStageChecks, languageSamples, runConformanceChecks, tokenizerChecks, type ConformanceCheck } from '../src/index.js';
import { badReason, byteTokenizer, dropShort, duplicatesFirstRow, keepAll, silentlyDropsFirstRow, throwsOnEmpty } from './implementations.js';

async function failedRules(checks: ConformanceCheck[]): Promise<string[]> {
  return (await runConformanceChecks(checks)).filter((result) => !result.passed).map((result) => result.name);
}

describe('language samples', () => {
  it('cover every registry language, NFKC-normalised with single spaces', () => {
    for (const language of languages) {
      const sample = languageSamples[language.code];
      expect(sample, language.code).toBeDefined();
      expect(sample).toBe(sample!.normalize('NFKC'));
      expect(sample).toBe(sample!.replace(/\s+/g, ' ').trim());
    }
  });
});

describe('DocumentStage checks', () => {
  it('pass for conforming stages', async () => {
    expect(await failedRules(documentStageChecks(() => keepAll))).toEqual([]);
    expect(await failedRules(documentStageChecks(() => dropShort))).toEqual([]);
  });

  it('fail a stage that drops a row silently', async () => {
    expect(await failedRules(documentStageChecks(() => silentlyDropsFirstRow))).toEqual(['accounts for every input row exactly once, as kept or dropped with a reason']);
  });

  it('fail a stage that emits a row twice', async () => {
    expect(await failedRules(documentStageChecks(() => duplicatesFirstRow))).toEqual(['accounts for every input row exactly once, as kept or dropped with a reason']);
  });

  it('fail a stage with a free-text drop reason, or one that throws on an empty batch', async () => {
    expect(await failedRules(documentStageChecks(() => badReason))).toEqual(['gives every dropped group a reason code']);
    expect(await failedRules(documentStageChecks(() => throwsOnEmpty))).toEqual(['handles an empty batch']);
    expect(await failedRules(documentStageChecks(() => ({ ...keepAll, name: 'Keep All' })))).toEqual(['declares specificationVersion "v1" and a kebab-case name']);
  });
});

describe('Tokenizer checks', () => {
  it('pass for a conforming tokenizer', async () => {
    expect(await failedRules(tokenizerChecks(() => byteTokenizer(), { lossless: true }))).toEqual([]);
  });

  it('fail a tokenizer that does not round-trip', async () => {
    const lowercasing = byteTokenizer({ decode: (ids) => new TextDecoder().decode(Uint8Array.from(ids)).toLowerCase() });
    expect(await failedRules(tokenizerChecks(() => lowercasing))).toEqual(['round-trips decode(encode(text)) for text in every registry language']);
  });

  it('fail a tokenizer that throws on lone surrogates', async () => {
    const strict = byteTokenizer({ encode: (text) => Uint32Array.from(new TextEncoder().encode(encodeURIComponent(text))) });
    expect(await failedRules(tokenizerChecks(() => strict))).toContain('handles astral-plane characters, lone surrogates and control characters without throwing');
  });

  it('fail ids out of range, plain arrays, and non-empty output for empty input', async () => {
    expect(await failedRules(tokenizerChecks(() => byteTokenizer({ vocabularySize: 128 })))).toContain('round-trips decode(encode(text)) for text in every registry language');
    const plainArray = byteTokenizer({ encode: (text) => Array.from(new TextEncoder().encode(text)) as unknown as Uint32Array });
    expect(await failedRules(tokenizerChecks(() => plainArray))).toContain('encodes empty input to no ids and decodes no ids to ""');
    const bosAlways = byteTokenizer({ encode: (text) => Uint32Array.from([1, ...new TextEncoder().encode(text)]) });
    expect(await failedRules(tokenizerChecks(() => bosAlways))).toContain('encodes empty input to no ids and decodes no ids to ""');
  });

  it('fail a lossy tokenizer when lossless is required', async () => {
    const lossy = byteTokenizer({ encode: (text) => Uint32Array.from(new TextEncoder().encode(text.replace(/\p{Extended_Pictographic}/gu, '?'))) });
    expect(await failedRules(tokenizerChecks(() => lossy))).toEqual([]);
    expect(await failedRules(tokenizerChecks(() => lossy, { lossless: true }))).toEqual(['handles astral-plane characters, lone surrogates and control characters without throwing']);
  });

  it('fail a broken piece mapping', async () => {
    expect(await failedRules(tokenizerChecks(() => byteTokenizer({ pieceToId: () => 0 })))).toEqual(['maps ids and pieces both ways (if idToPiece/pieceToId are present)']);
  });
});
