import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './run.js';

// `oellm tokenizer train --language-sampling-alpha`: a directory of per-language FLORES files of
// very different sizes; the sampled sentence counts must follow p_lang ∝ n_lang^alpha.
const flores = fileURLToPath(new URL('../../../../shared/data/flores200-dev/', import.meta.url));
const sizes: Record<string, number> = { eng_Latn: 800, mlt_Latn: 100, gle_Latn: 30, ell_Grek: 10 };
let directory: string;
let corpus: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'oellm-cli-language-sampling-'));
  corpus = join(directory, 'corpus');
  mkdirSync(corpus);
  for (const [language, size] of Object.entries(sizes)) {
    const lines = readFileSync(join(flores, `${language}.dev`), 'utf8').split('\n').slice(0, size);
    writeFileSync(join(corpus, `${language}.txt`), `${lines.join('\n')}\n`);
  }
});

describe('oellm tokenizer train --language-sampling-alpha', () => {
  it('samples each language round(n^alpha / Σ n^alpha × total) times and the model loads in spm_encode', async () => {
    const prefix = join(directory, 'balanced');
    const result = await run('tokenizer', 'train', '--input', corpus, '--vocab-size', '500', '--model-type', 'bpe', '--out', prefix, '--language-sampling-alpha', '0.3', '--language-sampling-total', '2000');
    expect(result.stderr).toContain('languages (alpha 0.3)');
    expect(result.exitCode).toBe(0);
    const sum = Object.values(sizes).reduce((total, size) => total + size ** 0.3, 0);
    const counts = JSON.parse(readFileSync(`${prefix}.manifest.json`, 'utf8')).counts as Record<string, number>;
    for (const [language, size] of Object.entries(sizes)) {
      expect(counts[`available:${language}`]).toBe(size);
      expect(counts[`sampled:${language}`]).toBe(Math.round((size ** 0.3 / sum) * 2000));
    }
    // Greek has 10 of 940 sentences (1 %) but gets about an eighth of the sample.
    expect(counts['sampled:ell_Grek']! / 2000).toBeGreaterThan(0.1);
    expect(counts['sentences']).toBe(Object.keys(sizes).reduce((total, language) => total + counts[`sampled:${language}`]!, 0));
    const encoded = execFileSync('spm_encode', [`--model=${prefix}.model`, '--output_format=piece'], { input: 'Bonġu lil kulħadd\n' }).toString();
    expect(encoded.trim().length).toBeGreaterThan(0);
  }, 60_000);

  it('is a usage error without a directory or with alpha outside [0, 1]', async () => {
    const file = join(corpus, 'mlt_Latn.txt');
    expect((await run('tokenizer', 'train', '--input', file, '--vocab-size', '100', '--out', join(directory, 'x'), '--language-sampling-alpha', '0.3')).exitCode).toBe(2);
    expect((await run('tokenizer', 'train', '--input', corpus, '--vocab-size', '100', '--out', join(directory, 'x'), '--language-sampling-alpha', '1.5')).exitCode).toBe(2);
    expect((await run('tokenizer', 'train', '--input', corpus, '--vocab-size', '100', '--out', join(directory, 'x'), '--language-sampling-total', '10')).exitCode).toBe(2);
  });
});
