import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import type { Document } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import {
  bandKeys,
  createExactDedupStage,
  createMinhashDedupStage,
  createPiiMaskingStage,
  createQualityFilterStage,
  gopherDefaults,
  gopherVerdict,
  maskPii,
  minhashSignature,
  shingleHashes,
} from '../src/index.js';
import { floresSentences } from './helpers.js';

const document = (id: string, text: string, lang: string | null = null): Document => ({ id, text, lang, source: null, url: null, metadata: null });
const ids = (batch: Parameters<typeof recordBatchToDocuments>[0]) => recordBatchToDocuments(batch).map((row) => row.id);

describe('exact dedup', () => {
  it('keeps the first of identical texts across batches and drops the rest as dedup:exact', async () => {
    const stage = createExactDedupStage();
    const first = await stage.process(documentsToRecordBatch([document('a', 'Bonġu'), document('b', 'Dia duit'), document('c', 'Bonġu')]));
    const second = await stage.process(documentsToRecordBatch([document('d', 'Dia duit'), document('e', 'Bonġu!')]));
    expect(ids(first.kept)).toEqual(['a', 'b']);
    expect(first.dropped.map((group) => [group.reason, ids(group.documents)])).toEqual([['dedup:exact', ['c']]]);
    expect(ids(second.kept)).toEqual(['e']);
  });
});

describe('MinHash LSH', () => {
  const sentences = floresSentences('eng_Latn', 400);

  it('estimates Jaccard similarity of 5-word shingle sets within sampling error', () => {
    const errors: number[] = [];
    for (let index = 0; index < 60; index++) {
      const a = `${sentences[index]} ${sentences[index + 1]} ${sentences[index + 2]}`;
      const b = `${sentences[index + 1]} ${sentences[index + 2]} ${sentences[index + 3]}`;
      const setA = new Set(shingleHashes(a));
      const setB = new Set(shingleHashes(b));
      const intersection = [...setA].filter((hash) => setB.has(hash)).length;
      const jaccard = intersection / (setA.size + setB.size - intersection);
      const signatureA = minhashSignature(a);
      const signatureB = minhashSignature(b);
      const estimate = signatureA.filter((value, position) => value === signatureB[position]).length / signatureA.length;
      errors.push(Math.abs(estimate - jaccard));
    }
    // 112 hashes: standard error at most sqrt(0.25/112) ≈ 0.047.
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.05);
    expect(Math.max(...errors)).toBeLessThan(0.2);
  });

  it('uses 14 bands of 8 hashes by default', () => {
    expect(minhashSignature('one two three four five six').length).toBe(112);
    expect(bandKeys(minhashSignature('one two three four five six')).length).toBe(14);
  });

  it('drops near duplicates (one word changed) and keeps distinct sentences', async () => {
    const stage = createMinhashDedupStage();
    const long = sentences.slice(0, 8).join(' ');
    const edited = long.replace(/\bthe\b/, 'a');
    expect(edited).not.toBe(long);
    const distinct = sentences.slice(8).map((text, index) => document(`s${index}`, text));
    const result = await stage.process(documentsToRecordBatch([document('original', long), ...distinct, document('edited', edited)]));
    const dropped = result.dropped.flatMap((group) => ids(group.documents));
    expect(dropped).toContain('edited');
    expect(result.dropped.every((group) => group.reason === 'dedup:minhash')).toBe(true);
    // Distinct FLORES sentences are hardly ever candidates (P ≈ 0.05 even at Jaccard 0.5).
    expect(dropped.length).toBeLessThanOrEqual(1 + Math.ceil(distinct.length * 0.01));
  });
});

describe('PII masking', () => {
  it('masks e-mail, IPv4 and IPv6 addresses and keeps every row and id', async () => {
    expect(maskPii('Ikteb lil anna.borg@gov.mt jew lil info@example.org.')).toBe('Ikteb lil email@example.com jew lil email@example.com.');
    expect(maskPii('server 10.0.0.7 and 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and fe80::1ff:fe23:4567:890a')).toBe('server 192.0.2.1 and 2001:db8::1 and 2001:db8::1');
    expect(maskPii('version 1.2.3.4.5 and 999.1.1.1 and 12:30 and 3.14')).toBe('version 1.2.3.4.5 and 999.1.1.1 and 12:30 and 3.14');
    const stage = createPiiMaskingStage();
    const result = await stage.process(documentsToRecordBatch([document('a', 'mail me: a@b.ie'), document('b', 'nothing here')]));
    expect(recordBatchToDocuments(result.kept).map((row) => [row.id, row.text])).toEqual([['a', 'mail me: email@example.com'], ['b', 'nothing here']]);
    expect(result.dropped).toEqual([]);
  });
});

describe('Gopher quality filter', () => {
  const paragraph = floresSentences('eng_Latn', 6).join(' ');

  it('keeps ordinary prose and drops each rule breaker with its reason', () => {
    const verdict = (text: string) => gopherVerdict(text, gopherDefaults, ['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with']);
    expect(verdict(paragraph)).toBeNull();
    expect(verdict('Too short to be a document.')).toBe('gopher:too_few_words');
    expect(verdict(Array.from({ length: 60 }, () => 'a an of').join(' '))).toBe('gopher:mean_word_length');
    expect(verdict(`${paragraph} ${'# '.repeat(40)}`)).toBe('gopher:symbol_ratio');
    expect(verdict(`${Array.from({ length: 60 }, (_, index) => `${index * 7919}`).join(' ')} the and of`)).toBe('gopher:non_alphabetic_words');
    expect(verdict(floresSentences('deu_Latn', 6).join(' ').replace(/\b(the|be|to|of|and|that|have|with)\b/gi, ''))).toBe('gopher:stop_words');
    const line = floresSentences('eng_Latn', 1)[0]!;
    expect(verdict(`${paragraph}\n${line}\n${line}\n${line}\n${line}`)).toBe('gopher:duplicate_lines');
    expect(verdict(`${paragraph} ${'buy cheap watches online '.repeat(30)}`)).toMatch(/^gopher:(top_\d_gram|duplicate_\d+_gram)$/);
  });

  it('applies per-language thresholds from the lang column', async () => {
    const stage = createQualityFilterStage({ thresholds: { minWords: 10 }, languages: { mt: { minWords: 3 } } });
    const short = 'Il-bniedem kollha jitwieldu ħielsa.';
    const result = await stage.process(documentsToRecordBatch([document('mt', short, 'mt'), document('ga', 'Saolaítear gach duine den chine daonna saor.', 'ga')]));
    expect(ids(result.kept)).toEqual(['mt']);
    expect(result.dropped.map((group) => [group.reason, ids(group.documents)])).toEqual([['gopher:too_few_words', ['ga']]]);
  });
});
