import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, readManifest } from '@oellm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainFromFiles, trainFromLanguageFiles } from '../src/index.js';
import { floresDirectory, readLines, temporaryDirectory } from './helpers/reference-tools.js';

// Text files for training with lines that are not UTF-8 at known places: each is skipped,
// written to PREFIX.quarantine.jsonl with its file, line and byte offset, and counted.
const malformed: readonly Buffer[] = [
  Buffer.from([0x4d, 0x61, 0xff, 0xfe, 0x6c, 0x74, 0x61]), // bytes that never occur in UTF-8
  Buffer.from([0x42, 0x6f, 0x6e, 0xc4]), // a two-byte sequence cut off at the end of the line
  Buffer.from([0xc0, 0xaf, 0x20, 0x78]), // an over-long encoding of '/'
  Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]), // a UTF-16 surrogate encoded as UTF-8
];
const options = { vocabularySize: 300, modelType: 'bpe', threads: 0 } as const;
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

let directory: string;
let maltese: string[];

beforeAll(() => {
  directory = temporaryDirectory('quarantine-text');
  maltese = readLines(new URL('mlt_Latn.dev', floresDirectory)).slice(0, 300);
});

/** `lines` with the malformed lines put after lines 10, 100, 200 and 290; returns the file and each malformed line's number and byte offset. */
function writeWithMalformedLines(name: string, lines: readonly string[]): { path: string; places: { line: number; offset: number }[] } {
  const after = [10, 100, 200, 290];
  const parts: Buffer[] = [];
  const places: { line: number; offset: number }[] = [];
  let offset = 0;
  const push = (bytes: Buffer): void => {
    parts.push(bytes, Buffer.from('\n'));
    offset += bytes.length + 1;
  };
  lines.forEach((line, index) => {
    push(Buffer.from(line));
    const position = after.indexOf(index + 1);
    if (position >= 0) {
      places.push({ line: index + 1 + position + 1, offset });
      push(malformed[position]!);
    }
  });
  const path = join(directory, name);
  writeFileSync(path, Buffer.concat(parts));
  return { path, places };
}

describe('training on text files with lines that are not UTF-8', () => {
  it('quarantines each with file, line and offset, counts it, and trains the model the clean file trains', async () => {
    const clean = join(directory, 'clean.txt');
    writeFileSync(clean, `${maltese.join('\n')}\n`);
    const { path, places } = writeWithMalformedLines('malformed.txt', maltese);
    const reference = await trainFromFiles([clean], join(directory, 'clean'), options);
    expect(reference.quarantined).toBe(0);
    expect(existsSync(join(directory, 'clean.quarantine.jsonl'))).toBe(false);

    const prefix = join(directory, 'malformed');
    const result = await trainFromFiles([path], prefix, options);
    expect(sha256(result.model)).toBe(sha256(reference.model));
    expect(result.quarantined).toBe(malformed.length);
    expect(result.statistics.skippedInvalidUtf8).toBe(malformed.length);
    expect(result.quarantine).toBe(`${prefix}.quarantine.jsonl`);
    const records = readFileSync(result.quarantine!, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(records.map(({ file, line, offset, reason }) => ({ file, line, offset, reason }))).toEqual(places.map((place) => ({ file: path, ...place, reason: 'invalid_utf8' })));
    // The raw bytes, one character per byte, so a person can find and fix the line.
    expect(records.map((record) => record.raw)).toEqual(malformed.map((bytes) => bytes.toString('latin1')));
    const manifest = await readManifest(result.manifest);
    expect(manifest.counts).toMatchObject({ skippedInvalidUtf8: 4, quarantined: 4, 'quarantined:invalid_utf8': 4, sentences: maltese.length });
    expect(manifest.outputs.find((file) => file.role === 'quarantine')).toMatchObject({ path: 'malformed.quarantine.jsonl', rows: 4 });
  });

  it('stops at the first with strict: an InputError naming file and line, and nothing written', async () => {
    const { path, places } = writeWithMalformedLines('strict.txt', maltese);
    const prefix = join(directory, 'strict');
    const failure = await trainFromFiles([path], prefix, { ...options, strict: true }).catch((error: unknown) => error);
    expect(InputError.isInstance(failure)).toBe(true);
    expect((failure as InputError).message).toContain(`${path}:${places[0]!.line}`);
    expect((failure as InputError).message).toContain('iconv');
    for (const suffix of ['.model', '.vocab', '.manifest.json', '.quarantine.jsonl']) expect(existsSync(`${prefix}${suffix}`)).toBe(false);
  });

  it('language-balanced training quarantines each line once and leaves it out of the language counts', async () => {
    const { path } = writeWithMalformedLines('mt.txt', maltese);
    const english = join(directory, 'en.txt');
    writeFileSync(english, `${readLines(new URL('eng_Latn.dev', floresDirectory)).slice(0, 600).join('\n')}\n`);
    const result = await trainFromLanguageFiles({ mt: [path], en: [english] }, join(directory, 'balanced'), { ...options, languageSamplingAlpha: 0.5 });
    expect(result.quarantined).toBe(malformed.length);
    expect(readFileSync(result.quarantine!, 'utf8').trimEnd().split('\n')).toHaveLength(malformed.length);
    expect(result.languages.find(({ language }) => language === 'mt')?.available).toBe(maltese.length);
    expect((await readManifest(result.manifest)).counts).toMatchObject({ quarantined: 4, 'available:mt': maltese.length, 'available:en': 600 });
  });
});

describe('the sampling seed (spm_train --random_seed)', () => {
  it('samples input_sentence_size sentences per seed: same seed, same model; another seed, another model', async () => {
    const corpus = join(directory, 'sampled.txt');
    writeFileSync(corpus, `${maltese.join('\n')}\n`);
    // The pieces and scores (the .vocab file): the .model also records input_sentence_size.
    const train = async (name: string, extra: { inputSentenceSize?: number; randomSeed?: number }) => sha256((await trainFromFiles([corpus], join(directory, name), { ...options, ...extra })).vocabulary);
    const everything = await train('all', {});
    // A sample at least as large as the corpus is the corpus, whatever the seed.
    expect(await train('all-sampled', { inputSentenceSize: maltese.length, randomSeed: 7 })).toBe(everything);
    const seven = await train('seven', { inputSentenceSize: 100, randomSeed: 7 });
    expect(seven).not.toBe(everything);
    expect(await train('seven-again', { inputSentenceSize: 100, randomSeed: 7 })).toBe(seven);
    expect(await train('eight', { inputSentenceSize: 100, randomSeed: 8 })).not.toBe(seven);
    await expect(trainFromFiles([corpus], join(directory, 'bad-seed'), { ...options, randomSeed: 1.5 })).rejects.toThrow(/randomSeed/);
  });

  it('seeds the language sampling too unless languageSamplingSeed is given', async () => {
    const english = join(directory, 'en-seed.txt');
    writeFileSync(english, `${readLines(new URL('eng_Latn.dev', floresDirectory)).join('\n')}\n`);
    const maltesePath = join(directory, 'mt-seed.txt');
    writeFileSync(maltesePath, `${maltese.join('\n')}\n`);
    const files = { en: [english], mt: [maltesePath] };
    const train = async (name: string, extra: { randomSeed?: number; languageSamplingSeed?: number }) =>
      sha256((await trainFromLanguageFiles(files, join(directory, name), { ...options, languageSamplingAlpha: 0.3, languageSamplingTotal: 400, ...extra })).model);
    const three = await train('random-3', { randomSeed: 3 });
    expect(await train('random-4', { randomSeed: 4 })).not.toBe(three);
    expect(await train('language-3', { randomSeed: 4, languageSamplingSeed: 3 })).toBe(three);
  });
});
