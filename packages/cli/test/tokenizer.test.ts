import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.js';

// A model trained by the reference spm_train (Debian `sentencepiece`) on FLORES dev text; the
// CLI's outputs are compared with spm_encode/spm_decode on the same files.
const flores = fileURLToPath(new URL('../../../../shared/data/flores200-dev/', import.meta.url));
let directory: string;
let model: string;
let input: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'oellm-cli-tokenizer-'));
  const training = join(directory, 'train.txt');
  const lines = ['mlt_Latn', 'gle_Latn', 'ell_Grek', 'eng_Latn'].flatMap((code) => readFileSync(join(flores, `${code}.dev`), 'utf8').split('\n').slice(0, 300));
  writeFileSync(training, `${lines.join('\n')}\n`);
  execFileSync('spm_train', [`--input=${training}`, `--model_prefix=${join(directory, 'm')}`, '--vocab_size=1000', '--byte_fallback=true', '--minloglevel=2'], { stdio: 'ignore' });
  model = join(directory, 'm.model');
  input = join(flores, 'mlt_Latn.dev');
}, 60_000);

describe('oellm tokenizer', () => {
  it('encode --format ids prints exactly what spm_encode --output_format=id prints', async () => {
    const out = join(directory, 'mt.ids');
    const result = await run('tokenizer', 'encode', '--model', model, '--input', input, '--out', out, '--format', 'ids');
    expect(result.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(execFileSync('spm_encode', [`--model=${model}`, '--output_format=id', input]).toString());
    expect(JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')).counts).toMatchObject({ documents: 997 });
  });

  it('decode turns the ids back into the text spm_decode gives', async () => {
    const ids = join(directory, 'spm.ids');
    writeFileSync(ids, execFileSync('spm_encode', [`--model=${model}`, '--output_format=id', input]));
    const result = await run('tokenizer', 'decode', '--model', model, '--input', ids);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(execFileSync('spm_decode', [`--model=${model}`, '--input_format=id', ids]).toString());
  });

  it('encode --format megatron writes .bin and .idx with a manifest', async () => {
    const out = join(directory, 'mt_text_document');
    const result = await run('tokenizer', 'encode', '--model', model, '--input', input, '--out', out, '--format', 'megatron');
    expect(result.exitCode).toBe(0);
    expect(existsSync(`${out}.bin`) && existsSync(`${out}.idx`)).toBe(true);
    expect(readFileSync(`${out}.idx`).subarray(0, 9).toString('latin1')).toBe('MMIDIDX\0\0');
  });

  it('report prints the fairness table and writes JSON', async () => {
    const out = join(directory, 'report.json');
    const result = await run('tokenizer', 'report', '--model', model, '--parallel', flores, '--out', out);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^language +tokens +fertility/);
    expect(result.stdout).toMatch(/max premium [\d.]+ \(\w+\) vs en; Gini of premiums [\d.]+/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.languages).toHaveLength(36);
    expect(report.reference).toBe('en');
  });

  it('exits 2 on a missing option, a missing model and a foreign model file', async () => {
    expect((await run('tokenizer', 'encode', '--model', model)).exitCode).toBe(2);
    expect((await run('tokenizer', 'encode', '--model', join(directory, 'none.model'), '--input', input, '--out', join(directory, 'x'))).exitCode).toBe(2);
    const foreign = join(directory, 'foreign.model');
    writeFileSync(foreign, '{"not": "a model"}');
    const result = await run('tokenizer', 'encode', '--model', foreign, '--input', input, '--out', join(directory, 'y'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('foreign.model');
  });

  it('train writes a model spm_encode segments exactly as `encode` does, with .vocab and manifest', async () => {
    const training = join(directory, 'train.txt');
    const prefix = join(directory, 'ours');
    const result = await run('tokenizer', 'train', '--input', training, '--vocab-size', '800', '--model-type', 'bpe', '--out', prefix, '--byte-fallback', '--split-by-number', 'false', '--user-defined-symbols', '<mask>');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([`${prefix}.model`, `${prefix}.vocab`, `${prefix}.manifest.json`, '']);
    const out = join(directory, 'ours.ids');
    expect((await run('tokenizer', 'encode', '--model', `${prefix}.model`, '--input', input, '--out', out)).exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(execFileSync('spm_encode', [`--model=${prefix}.model`, '--output_format=id', input]).toString());
    expect(JSON.parse(readFileSync(`${prefix}.manifest.json`, 'utf8')).counts).toMatchObject({ sentences: 1200, skippedInvalidUtf8: 0 });
  });

  it('train --model-type unigram writes a model spm_encode segments exactly as `encode` does', async () => {
    const training = join(directory, 'train.txt');
    const prefix = join(directory, 'ours-unigram');
    const result = await run('tokenizer', 'train', '--input', training, '--vocab-size', '800', '--model-type', 'unigram', '--out', prefix, '--normalization-rule-name', 'identity', '--byte-fallback');
    expect(result.exitCode).toBe(0);
    const out = join(directory, 'ours-unigram.ids');
    expect((await run('tokenizer', 'encode', '--model', `${prefix}.model`, '--input', input, '--out', out)).exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(execFileSync('spm_encode', [`--model=${prefix}.model`, '--output_format=id', input]).toString());
  });

  it('train exits 2 on a bad option value and on an unsupported model type', async () => {
    const training = join(directory, 'train.txt');
    expect((await run('tokenizer', 'train', '--input', training, '--vocab-size', 'many', '--out', join(directory, 'z'))).exitCode).toBe(2);
    expect((await run('tokenizer', 'train', '--input', training, '--vocab-size', '800', '--model-type', 'word', '--out', join(directory, 'z'))).exitCode).toBe(2);
    expect((await run('tokenizer', 'train', '--input', training, '--vocab-size', '800', '--model-type', 'unigram', '--shrinking-factor', '2', '--out', join(directory, 'z'))).exitCode).toBe(2);
  });

  it('train --threads and --maximum-word-table-size: the model does not depend on threads; a bad count exits 2', async () => {
    const training = join(directory, 'train.txt');
    const common = ['tokenizer', 'train', '--input', training, '--vocab-size', '600', '--model-type', 'unigram', '--normalization-rule-name', 'identity', '--maximum-word-table-size', '100000'];
    expect((await run(...common, '--threads', '0', '--out', join(directory, 'threads-0'))).exitCode).toBe(0);
    expect((await run(...common, '--threads', '2', '--out', join(directory, 'threads-2'))).exitCode).toBe(0);
    expect(readFileSync(join(directory, 'threads-2.model')).equals(readFileSync(join(directory, 'threads-0.model')))).toBe(true);
    expect((await run(...common, '--threads', '-1', '--out', join(directory, 'z'))).exitCode).toBe(2);
  });

  it('has --help on every subcommand', async () => {
    for (const command of ['train', 'encode', 'decode', 'report']) {
      const result = await run('tokenizer', command, '--help');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`oellm tokenizer ${command}`);
    }
  });
});
