import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, readManifest, type Document, type ProgressEvent, type DocumentSourceV1, type QuarantineRecord, type SourceReadOptions } from '@oellm/core';
import { documentsToRecordBatch } from '@oellm/core/arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLanguageSampler, planLanguageSampling, trainFromDocumentSource, trainFromFiles } from '../src/index.js';
import { floresDirectory, readLines, temporaryDirectory } from './helpers/reference-tools.js';

// trainFromDocumentSource on a core DocumentSource of FLORES documents in four languages of
// very different sizes, some documents spanning several lines, in record batches of 25.
const sizes = { eng_Latn: 600, mlt_Latn: 90, gle_Latn: 30, ell_Grek: 8 } as const;
const alpha = 0.3;
let directory: string;
let documents: Document[];
let sentencesByLanguage: Record<string, string[]>;

/** A source over `documents`; `corruptAfter` rows in, it reports one unreadable record as the dataset readers do. */
function sourceOf(rows: readonly Document[], corruptAfter?: number): DocumentSourceV1 & { reads: number } {
  const source = {
    specificationVersion: 'v1' as const,
    name: 'flores-documents',
    reads: 0,
    async *batches(options: SourceReadOptions = {}) {
      source.reads++;
      for (let start = 0; start < rows.length; start += 25) {
        if (corruptAfter !== undefined && start === corruptAfter) {
          const record: QuarantineRecord = { file: 'shard-00000.jsonl', line: corruptAfter + 1, reason: 'invalid_json', detail: 'Unexpected token } in JSON at position 7' };
          if (!options.quarantine) throw new InputError({ code: record.reason, message: record.detail!, location: { file: record.file, line: record.line! } });
          options.quarantine(record);
        }
        yield documentsToRecordBatch(rows.slice(start, start + 25));
      }
    },
  };
  return source;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  directory = temporaryDirectory('train-document-source');
  sentencesByLanguage = {};
  const byLanguage: Document[][] = [];
  for (const [language, size] of Object.entries(sizes)) {
    const lines = readLines(new URL(`${language}.dev`, floresDirectory)).slice(0, size);
    sentencesByLanguage[language] = lines;
    const own: Document[] = [];
    // Documents of one to three lines, as web pages with paragraphs are.
    for (let start = 0, length = 1; start < lines.length; start += length, length = (length % 3) + 1) {
      own.push({ id: `${language}-${start}`, text: lines.slice(start, start + length).join('\n'), lang: language, source: null, url: null, metadata: null });
    }
    byLanguage.push(own);
  }
  // Languages interleaved round-robin, as a dataset mixing them would have them.
  documents = [];
  for (let index = 0; documents.length < byLanguage.reduce((sum, own) => sum + own.length, 0); index++) {
    for (const own of byLanguage) if (index < own.length) documents.push(own[index]!);
  }
});

// The definition, computed here independently: p = n^alpha / Σ n^alpha, sampled = round(p × total).
function expectedSampled(total: number): Record<string, number> {
  const weights = Object.entries(sizes).map(([language, size]) => [language, size ** alpha] as const);
  const sum = weights.reduce((accumulated, [, weight]) => accumulated + weight, 0);
  return Object.fromEntries(weights.map(([language, weight]) => [language, Math.round((weight / sum) * total)]));
}

describe('trainFromDocumentSource', () => {
  it('trains the same model (sha256) as trainFromFiles on the documents written one line per sentence, and spm_encode loads it', async () => {
    const textFile = join(directory, 'documents.txt');
    writeFileSync(textFile, `${documents.map((document) => document.text).join('\n')}\n`);
    const options = { vocabularySize: 500, modelType: 'bpe', threads: 0 } as const;
    const fromFiles = await trainFromFiles([textFile], join(directory, 'from-files'), options);
    const parents = [{ path: 'dataset/manifest.json', sha256: 'b'.repeat(64) }];
    const inputs = [{ path: 'dataset/shard-00000.parquet', bytes: 1, sha256: 'a'.repeat(64), role: 'shard', rows: documents.length }];
    const source = sourceOf(documents);
    const result = await trainFromDocumentSource(source, join(directory, 'from-source'), { ...options, inputs, parents });
    expect(sha256(result.model)).toBe(sha256(fromFiles.model));
    expect(source.reads).toBe(1);
    expect(result.documents).toBe(documents.length);
    expect(result.statistics.sentences).toBe(Object.values(sizes).reduce((sum, size) => sum + size, 0));
    const manifest = await readManifest(result.manifest);
    expect(manifest.parents).toEqual(parents);
    expect(manifest.inputs).toEqual(inputs);
    expect(manifest.counts).toMatchObject({ documents: documents.length, quarantined: 0 });
    expect(manifest.outputs.map((file) => file.role)).toEqual(['model', 'vocabulary']);
    expect(execFileSync('spm_encode', [`--model=${result.model}`, '--output_format=id'], { input: 'Bonġu lil kulħadd\n' }).toString().trim()).not.toBe('');
  });

  it('balances languages by the lang column in two passes: round(p_lang × total) sentences, p ∝ n^alpha', async () => {
    const source = sourceOf(documents);
    const events: ProgressEvent[] = [];
    const result = await trainFromDocumentSource(source, join(directory, 'balanced'), { vocabularySize: 400, modelType: 'bpe', threads: 0, languageSamplingAlpha: alpha, languageSamplingTotal: 1500, progress: (event) => events.push(event) });
    const counting = events.filter((event) => 'task' in event && event.task === 'count-languages');
    expect(counting.map((event) => event.type)).toEqual(['start', ...Array<string>(Math.ceil(documents.length / 25)).fill('advance'), 'end']);
    expect(counting.at(-2)).toMatchObject({ completed: documents.length });
    const expected = expectedSampled(1500);
    expect(source.reads).toBe(2);
    expect(Object.fromEntries(result.languages!.map(({ language, available, sampled }) => [language, [available, sampled]]))).toEqual(Object.fromEntries(Object.entries(sizes).map(([language, size]) => [language, [size, expected[language]]])));
    expect(result.statistics.sentences).toBe(Object.values(expected).reduce((sum, count) => sum + count, 0));
    const manifest = await readManifest(result.manifest);
    for (const [language, size] of Object.entries(sizes)) {
      expect(manifest.counts[`available:${language}`]).toBe(size);
      expect(manifest.counts[`sampled:${language}`]).toBe(expected[language]);
    }
    expect(manifest.parameters['languageSamplingAlpha']).toBe(alpha);
    // Greek has 8 of 728 sentences (1 %) but gets more than a tenth of the sample.
    expect(expected['ell_Grek']! / 1500).toBeGreaterThan(0.1);
  });

  it('the interleaved sampler takes each language passes or passes + 1 times per sentence, exactly the plan in total', () => {
    const plan = planLanguageSampling(Object.fromEntries(Object.entries(sentencesByLanguage).map(([language, lines]) => [language, lines.length])), { alpha, totalSentences: 1500 });
    const copiesOf = createLanguageSampler(plan, { seed: 7 });
    const taken: Record<string, number[]> = {};
    for (const document of documents) for (const _ of document.text.split('\n')) (taken[document.lang!] ??= []).push(copiesOf(document.lang!));
    const expected = expectedSampled(1500);
    for (const [language, size] of Object.entries(sizes)) {
      const copies = taken[language]!;
      const passes = Math.floor(expected[language]! / size);
      expect(copies.reduce((sum, count) => sum + count, 0)).toBe(expected[language]);
      expect(copies.every((count) => count === passes || count === passes + 1)).toBe(true);
      expect(copies.filter((count) => count === passes + 1)).toHaveLength(expected[language]! % size);
    }
    // English is cut down to a random subset spread over the whole language, not its first sentences.
    expect(taken['eng_Latn']!.findLastIndex((count) => count > 0)).toBeGreaterThan(500);
    expect(copiesOf('eng_Latn')).toBe(0); // beyond the counted sentences
    expect(copiesOf('fin_Latn')).toBe(0); // not in the plan
  });

  it('quarantines an unreadable record to PREFIX.quarantine.jsonl and counts it; strict stops at it', async () => {
    const prefix = join(directory, 'quarantined');
    const result = await trainFromDocumentSource(sourceOf(documents, 50), prefix, { vocabularySize: 400, modelType: 'bpe', threads: 0, languageSamplingAlpha: alpha });
    expect(result.quarantined).toBe(1);
    expect(result.quarantine).toBe(`${prefix}.quarantine.jsonl`);
    expect(readFileSync(result.quarantine!, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual([
      { file: 'shard-00000.jsonl', line: 51, reason: 'invalid_json', detail: 'Unexpected token } in JSON at position 7' },
    ]);
    const manifest = await readManifest(result.manifest);
    expect(manifest.counts).toMatchObject({ quarantined: 1, 'quarantined:invalid_json': 1, documents: documents.length });
    expect(manifest.outputs.find((file) => file.role === 'quarantine')).toMatchObject({ path: 'quarantined.quarantine.jsonl', rows: 1 });

    const strictPrefix = join(directory, 'strict');
    await expect(trainFromDocumentSource(sourceOf(documents, 50), strictPrefix, { vocabularySize: 400, modelType: 'bpe', threads: 0, strict: true })).rejects.toMatchObject({ code: 'invalid_json', location: { file: 'shard-00000.jsonl', line: 51 } });
    expect(existsSync(`${strictPrefix}.model`)).toBe(false);
    expect(existsSync(`${strictPrefix}.quarantine.jsonl`)).toBe(false);
  });

  it('rejects sampling options out of range', async () => {
    const prefix = join(directory, 'invalid');
    await expect(trainFromDocumentSource(sourceOf(documents), prefix, { vocabularySize: 400, languageSamplingAlpha: 1.5 })).rejects.toBeInstanceOf(InputError);
    await expect(trainFromDocumentSource(sourceOf(documents), prefix, { vocabularySize: 400, languageSamplingTotal: 10 })).rejects.toBeInstanceOf(InputError);
  });
});
