import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashFile, readManifest } from '@oellm/core';
import { loadZstdCompressor, zstdDecompress } from '@oellm/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.js';

// `oellm tokenizer train --input DATASET_DIR`: a real dataset directory written by
// `oellm data ingest` (zstd JSONL shards + manifest) from FLORES documents in four
// languages of very different sizes; sampled counts must follow p_lang ∝ n_lang^alpha by the
// documents' lang column, and the model must equal the one trained on the same text as a file.
const flores = fileURLToPath(new URL('../../../../shared/data/flores200-dev/', import.meta.url));
const sizes: Record<string, number> = { mt: 300, ga: 60, el: 20, en: 700 };
const floresNames: Record<string, string> = { mt: 'mlt_Latn', ga: 'gle_Latn', el: 'ell_Grek', en: 'eng_Latn' };
let directory: string;
let dataset: string;
let texts: string[];

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'oellm-cli-train-dataset-'));
  // Documents of one or two sentences, the languages interleaved.
  const byLanguage = Object.entries(sizes).map(([lang, size]) => {
    const lines = readFileSync(join(flores, `${floresNames[lang]}.dev`), 'utf8').split('\n').slice(0, size);
    const documents: { id: string; text: string; lang: string }[] = [];
    for (let start = 0; start < lines.length; start += 2) {
      if (start % 4 === 0) documents.push({ id: `${lang}-${start}`, text: `${lines[start]}\n${lines[start + 1]}`, lang });
      else documents.push({ id: `${lang}-${start}`, text: lines[start]!, lang }, { id: `${lang}-${start + 1}`, text: lines[start + 1]!, lang });
    }
    return documents;
  });
  const records: { id: string; text: string; lang: string }[] = [];
  for (let index = 0; records.length < byLanguage.reduce((sum, documents) => sum + documents.length, 0); index++) for (const documents of byLanguage) if (index < documents.length) records.push(documents[index]!);
  texts = records.map((record) => record.text);
  const jsonl = join(directory, 'corpus.jsonl');
  writeFileSync(jsonl, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  dataset = join(directory, 'dataset');
  const ingested = await run('data', 'ingest', jsonl, '--out', dataset, '--format', 'jsonl', '--rows-per-shard', '200', '--threads', '0');
  expect(ingested.exitCode, ingested.stderr).toBe(0);
}, 120_000);

// The definition, computed here independently: p = n^alpha / Σ n^alpha, sampled = round(p × total).
function expectedSampled(alpha: number, total: number): Record<string, number> {
  const sum = Object.values(sizes).reduce((accumulated, size) => accumulated + size ** alpha, 0);
  return Object.fromEntries(Object.entries(sizes).map(([lang, size]) => [lang, Math.round((size ** alpha / sum) * total)]));
}

describe('oellm tokenizer train --input DATASET_DIR', () => {
  it("trains on the documents' lines: the same model as on the same text in a file, with the dataset manifest as parent", async () => {
    const textFile = join(directory, 'texts.txt');
    writeFileSync(textFile, `${texts.join('\n')}\n`);
    const common = ['--vocab-size', '600', '--model-type', 'bpe', '--threads', '0'];
    const fromText = await run('tokenizer', 'train', '--input', textFile, '--out', join(directory, 'from-text'), ...common);
    expect(fromText.exitCode, fromText.stderr).toBe(0);
    const prefix = join(directory, 'from-dataset');
    const result = await run('tokenizer', 'train', '--input', dataset, '--out', prefix, ...common);
    expect(result.exitCode, result.stderr).toBe(0);
    const shards = (await readManifest(join(dataset, 'manifest.json'))).outputs.filter((file) => file.role === 'shard');
    expect(result.stderr).toContain(`trained on 1080 sentences from ${texts.length} documents of ${shards.length} shards`);
    expect(sha256(`${prefix}.model`)).toBe(sha256(join(directory, 'from-text.model')));

    const manifest = await readManifest(`${prefix}.manifest.json`);
    expect(manifest.parents).toEqual([{ path: 'dataset/manifest.json', sha256: (await hashFile(join(dataset, 'manifest.json'))).sha256 }]);
    expect(manifest.inputs.map((file) => [file.role, file.sha256, file.rows])).toEqual(shards.map((file) => ['shard', file.sha256, file.rows]));
    expect(manifest.counts).toMatchObject({ documents: texts.length, quarantined: 0 });
    expect(execFileSync('spm_encode', [`--model=${prefix}.model`, '--output_format=piece'], { input: 'Bonġu lil kulħadd\n' }).toString().trim()).not.toBe('');
  }, 60_000);

  it('balances languages by the lang column: round(p_lang × total) sentences with p ∝ n^alpha', async () => {
    const prefix = join(directory, 'balanced');
    const result = await run('tokenizer', 'train', '--input', dataset, '--vocab-size', '500', '--model-type', 'bpe', '--out', prefix, '--language-sampling-alpha', '0.3', '--language-sampling-total', '2000', '--threads', '0');
    expect(result.exitCode, result.stderr).toBe(0);
    const expected = expectedSampled(0.3, 2000);
    expect(result.stderr).toContain(`languages (alpha 0.3): el 20 → ${expected['el']}, en 700 → ${expected['en']}, ga 60 → ${expected['ga']}, mt 300 → ${expected['mt']}`);
    const counts = (await readManifest(`${prefix}.manifest.json`)).counts;
    for (const [lang, size] of Object.entries(sizes)) {
      expect(counts[`available:${lang}`]).toBe(size);
      expect(counts[`sampled:${lang}`]).toBe(expected[lang]);
    }
    expect(counts['sentences']).toBe(Object.values(expected).reduce((sum, count) => sum + count, 0));
    // Greek has 20 of 1080 sentences (under 2 %) but gets more than an eighth of the sample.
    expect(counts['sampled:el']! / 2000).toBeGreaterThan(0.125);
  }, 60_000);

  it('quarantines a corrupt record of a shard (train and encode), counts it, and stops at it with --strict', async () => {
    // A copy of the dataset whose second shard got a line of broken JSON after ingest.
    const corrupt = join(directory, 'corrupt-dataset');
    cpSync(dataset, corrupt, { recursive: true });
    const shard = join(corrupt, readdirSync(corrupt).filter((name) => name.startsWith('shard-')).sort()[1]!);
    const lines = new TextDecoder().decode(zstdDecompress(readFileSync(shard))).split('\n');
    lines.splice(5, 0, '{"id":"broken","text":"Bonġu');
    writeFileSync(shard, (await loadZstdCompressor())(new TextEncoder().encode(lines.join('\n'))));

    const prefix = join(directory, 'corrupt-model');
    const trained = await run('tokenizer', 'train', '--input', corrupt, '--vocab-size', '500', '--model-type', 'bpe', '--out', prefix, '--language-sampling-alpha', '0.5', '--threads', '0');
    expect(trained.exitCode, trained.stderr).toBe(0);
    expect(trained.stderr).toContain(`quarantined 1 unreadable record: ${prefix}.quarantine.jsonl`);
    const [record] = readFileSync(`${prefix}.quarantine.jsonl`, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(record).toMatchObject({ file: shard, line: 6, reason: 'invalid_json' });
    const manifest = await readManifest(`${prefix}.manifest.json`);
    expect(manifest.counts).toMatchObject({ documents: texts.length, quarantined: 1, 'quarantined:invalid_json': 1, 'available:mt': 300 });
    expect(manifest.outputs.find((file) => file.role === 'quarantine')).toMatchObject({ path: 'corrupt-model.quarantine.jsonl', rows: 1 });

    const model = `${join(directory, 'balanced')}.model`;
    const out = join(directory, 'corrupt.ids');
    const encoded = await run('tokenizer', 'encode', '--model', model, '--input', corrupt, '--out', out, '--threads', '0');
    expect(encoded.exitCode, encoded.stderr).toBe(0);
    expect(encoded.stderr).toContain(`encoded ${texts.length} documents`);
    expect(encoded.stderr).toContain(`quarantined 1 unreadable record: ${out}.quarantine.jsonl`);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).toHaveLength(texts.length);
    expect((await readManifest(`${out}.manifest.json`)).counts).toMatchObject({ documents: texts.length, quarantined: 1, 'quarantined:invalid_json': 1 });

    const strict = await run('tokenizer', 'train', '--input', corrupt, '--vocab-size', '500', '--out', join(directory, 'strict'), '--strict', '--threads', '0');
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toContain(shard);
    expect(existsSync(join(directory, 'strict.model'))).toBe(false);
    const strictEncode = await run('tokenizer', 'encode', '--model', model, '--input', corrupt, '--out', join(directory, 'strict.ids'), '--strict');
    expect(strictEncode.exitCode).toBe(2);
    expect(existsSync(join(directory, 'strict.ids'))).toBe(false);
    // Encoding passes a text file's bytes through as spm_encode does: --strict there is a usage error, not ignored.
    const textFile = join(directory, 'texts.txt');
    expect((await run('tokenizer', 'encode', '--model', model, '--input', textFile, '--out', join(directory, 'text.ids'), '--strict')).exitCode).toBe(2);
    // Training quarantines a text line that is not UTF-8 (line 3 here), or stops at it with --strict.
    const malformed = join(directory, 'malformed.txt');
    const textLines = texts.join('\n').split('\n');
    writeFileSync(malformed, Buffer.concat([Buffer.from(`${textLines[0]}\n${textLines[1]}\n`), Buffer.from([0x42, 0xff, 0x0a]), Buffer.from(`${textLines.slice(2).join('\n')}\n`)]));
    const textPrefix = join(directory, 'text');
    const quarantinedText = await run('tokenizer', 'train', '--input', malformed, '--vocab-size', '300', '--model-type', 'bpe', '--out', textPrefix, '--threads', '0');
    expect(quarantinedText.exitCode, quarantinedText.stderr).toBe(0);
    expect(quarantinedText.stderr).toContain(`1 invalid UTF-8`);
    expect(quarantinedText.stderr).toContain(`quarantined 1 unreadable record: ${textPrefix}.quarantine.jsonl`);
    expect(JSON.parse(readFileSync(`${textPrefix}.quarantine.jsonl`, 'utf8'))).toMatchObject({ file: malformed, line: 3, reason: 'invalid_utf8' });
    const strictText = await run('tokenizer', 'train', '--input', malformed, '--vocab-size', '300', '--out', join(directory, 'strict-text'), '--strict', '--threads', '0');
    expect(strictText.exitCode).toBe(2);
    expect(strictText.stderr).toContain(`${malformed}:3`);
    expect(existsSync(join(directory, 'strict-text.model'))).toBe(false);
  }, 60_000);
});
