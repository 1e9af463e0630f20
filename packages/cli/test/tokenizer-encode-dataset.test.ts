import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashFile, readManifest } from '@oellm/core';
import { ingestDataset } from '@oellm/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.js';

// `oellm tokenizer encode --input DATASET_DIR`: a real dataset directory written by
// @oellm/dataset (Parquet shards + manifest), a model trained by the reference spm_train, and
// spm_encode (Debian `sentencepiece`) as the judge of the ids.
const flores = fileURLToPath(new URL('../../../../shared/data/flores200-dev/', import.meta.url));
let directory: string;
let model: string;
let dataset: string;
let texts: string[];
let documentIds: string[];
let expectedIds: string[];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'oellm-cli-encode-dataset-'));
  const training = join(directory, 'train.txt');
  const lines = ['mlt_Latn', 'gle_Latn', 'ell_Grek', 'eng_Latn'].flatMap((code) => readFileSync(join(flores, `${code}.dev`), 'utf8').split('\n').slice(0, 300));
  writeFileSync(training, `${lines.join('\n')}\n`);
  execFileSync('spm_train', [`--input=${training}`, `--model_prefix=${join(directory, 'm')}`, '--vocab_size=1000', '--byte_fallback=true', '--minloglevel=2'], { stdio: 'ignore' });
  model = join(directory, 'm.model');

  // 120 documents over three languages, ingested into Parquet shards of 50 rows.
  texts = [];
  documentIds = [];
  const records: string[] = [];
  for (const [lang, code] of [['mt', 'mlt_Latn'], ['el', 'ell_Grek'], ['ga', 'gle_Latn']] as const) {
    const sentences = readFileSync(join(flores, `${code}.dev`), 'utf8').split('\n').filter((line) => line !== '').slice(500, 540);
    sentences.forEach((text, index) => {
      texts.push(text);
      documentIds.push(`${lang}-${index}`);
      records.push(JSON.stringify({ id: `${lang}-${index}`, text, lang }));
    });
  }
  const jsonl = join(directory, 'corpus.jsonl');
  writeFileSync(jsonl, `${records.join('\n')}\n`);
  dataset = join(directory, 'dataset');
  await ingestDataset({ inputs: [jsonl], out: dataset, format: 'parquet', maxRowsPerShard: 50, threads: 0 });

  const textFile = join(directory, 'texts.txt');
  writeFileSync(textFile, `${texts.join('\n')}\n`);
  expectedIds = execFileSync('spm_encode', [`--model=${model}`, '--output_format=id', textFile]).toString().split('\n').slice(0, -1);
}, 120_000);

describe('oellm tokenizer encode --input DATASET_DIR', () => {
  it('writes one id line per document, equal to spm_encode on the documents, with a manifest that traces to the shards', async () => {
    const out = join(directory, 'dataset.ids');
    const result = await run('tokenizer', 'encode', '--model', model, '--input', dataset, '--out', out, '--format', 'ids');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('encoded 120 documents from 3 shards');
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).toEqual(expectedIds);

    const manifest = await readManifest(`${out}.manifest.json`);
    const datasetManifest = await readManifest(join(dataset, 'manifest.json'));
    const shards = datasetManifest.outputs.filter((file) => file.role === 'shard');
    expect(shards).toHaveLength(3);
    expect(manifest.inputs.filter((file) => file.role === 'shard').map((file) => [file.sha256, file.rows])).toEqual(shards.map((file) => [file.sha256, file.rows]));
    expect(manifest.inputs.find((file) => file.role === 'model')?.sha256).toBe((await hashFile(model)).sha256);
    expect(manifest.parents).toEqual([{ path: 'dataset/manifest.json', sha256: (await hashFile(join(dataset, 'manifest.json'))).sha256 }]);
    expect(manifest.counts).toMatchObject({ documents: 120 });
  });

  it('writes Megatron .bin/.idx with one document per Document, holding the ids spm_encode gives', async () => {
    const out = join(directory, 'dataset_text_document');
    const result = await run('tokenizer', 'encode', '--model', model, '--input', dataset, '--out', out, '--format', 'megatron', '--threads', '0');
    expect(result.exitCode, result.stderr).toBe(0);
    // MMIDIDX: header(9) version(8) dtype(1) sequences(8) documents(8), int32 lengths, int64 pointers, int64 document indices.
    const index = readFileSync(`${out}.idx`);
    expect(index.subarray(0, 9).toString('latin1')).toBe('MMIDIDX\0\0');
    expect(index.readUInt8(17)).toBe(8); // uint16 tokens: the vocabulary is below 65,500
    const sequences = Number(index.readBigUInt64LE(18));
    const documentIndexCount = Number(index.readBigUInt64LE(26));
    expect(sequences).toBe(120);
    expect(documentIndexCount).toBe(121);
    const lengths = Array.from({ length: sequences }, (_, sequence) => index.readInt32LE(34 + sequence * 4));
    expect(lengths).toEqual(expectedIds.map((line) => (line === '' ? 0 : line.split(' ').length)));
    const documentIndices = Array.from({ length: documentIndexCount }, (_, entry) => Number(index.readBigInt64LE(34 + sequences * 12 + entry * 8)));
    expect(documentIndices).toEqual(Array.from({ length: 121 }, (_, entry) => entry));
    const bin = readFileSync(`${out}.bin`);
    const tokens = Array.from({ length: bin.length / 2 }, (_, position) => bin.readUInt16LE(position * 2));
    expect(tokens.join(' ')).toBe(expectedIds.filter((line) => line !== '').join(' '));
  });

  it('keeps text-file input working next to dataset directories, and rejects a dataset manifest without shards', async () => {
    const input = join(directory, 'texts.txt');
    const out = join(directory, 'texts.ids');
    expect((await run('tokenizer', 'encode', '--model', model, '--input', input, '--out', out)).exitCode).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).toEqual(expectedIds);

    const broken = join(directory, 'broken-dataset');
    execFileSync('mkdir', ['-p', broken]);
    const manifest = JSON.parse(readFileSync(join(dataset, 'manifest.json'), 'utf8'));
    manifest.outputs = [];
    writeFileSync(join(broken, 'manifest.json'), JSON.stringify(manifest));
    const result = await run('tokenizer', 'encode', '--model', model, '--input', broken, '--out', join(directory, 'broken.ids'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('lists no shards');
  });
});
