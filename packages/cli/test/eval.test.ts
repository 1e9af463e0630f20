import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'oellm-cli-eval-'));

// sacreBLEU README example (github.com/mjpost/sacrebleu, Python API section): BLEU = 48.53 with two
// reference sets, 29.44 with the first reference of segment 1 missing; chrF2 = 59.73.
const hypotheses = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
const referencesA = ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'];
const referencesB = ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'];
const write = (name: string, lines: string[]) => {
  const path = join(directory, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

describe('oellm eval score', () => {
  const hypothesesFile = write('hypotheses.txt', hypotheses);
  const referencesFileA = write('references-a.txt', referencesA);
  const referencesFileB = write('references-b.txt', referencesB);

  it('prints BLEU with its signature, as sacreBLEU', async () => {
    const result = await run('eval', 'score', '--metric', 'bleu', '--hypotheses', hypothesesFile, '--references', referencesFileA, '--references', referencesFileB);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0+oellm = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)\n');
  });

  it('prints JSON with metric, score and signature', async () => {
    const result = await run('eval', 'score', '--metric', 'chrf', '--hypotheses', hypothesesFile, '--references', referencesFileA, '--references', referencesFileB, '--json');
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ metric: 'chrf', name: 'chrF2', signature: 'nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0+oellm' });
    expect(body.score.toFixed(2)).toBe('59.73');
    const plus = JSON.parse((await run('eval', 'score', '--metric', 'chrf++', '--hypotheses', hypothesesFile, '--references', referencesFileA, '--json', '--bootstrap', '100')).stdout);
    expect(plus.signature).toBe('nrefs:1|bs:100|seed:12345|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0+oellm');
    expect(plus.standardError).toBeGreaterThan(0);
  });

  it('rejects files that are not line-aligned with exit code 2', async () => {
    const short = write('short.txt', ['one line']);
    const result = await run('eval', 'score', '--metric', 'bleu', '--hypotheses', hypothesesFile, '--references', short);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/short\.txt: has 1 lines but .*hypotheses\.txt has 3/);
    expect((await run('eval', 'score', '--metric', 'ter', '--hypotheses', hypothesesFile, '--references', short)).exitCode).toBe(2);
  });
});

describe('oellm eval tasks', () => {
  it('lists the built-in tasks as JSON', async () => {
    const result = await run('eval', 'tasks', '--json');
    const tasks = JSON.parse(result.stdout) as { name: string; languages: string[]; metrics: string[] }[];
    const udhr = tasks.find((task) => task.name === 'udhr-likelihood')!;
    expect(udhr.languages).toHaveLength(24);
    expect(udhr.metrics).toEqual(['bits_per_byte', 'byte_perplexity', 'word_perplexity']);
  });
});

describe('oellm eval (run)', () => {
  it('evaluates stories260K on the UDHR task, writes results, and resumes from the cache', async () => {
    const out = join(directory, 'run');
    const args = ['eval', '--model', stories, '--tasks', 'udhr-likelihood', '--languages', 'en,mt', '--limit', '2', '--out', out, '--batch-size', '2'];
    const first = await run(...args);
    // Not a terminal: one line per task-language and one summary per finished request batch.
    expect(first.stderr).toMatch(/udhr-likelihood mt/);
    expect(first.stderr).toMatch(/requests/);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^task\s+language\s+n\s+bits_per_byte/);
    expect(first.stdout).toMatch(/udhr-likelihood\s+mt\s+2\s+\d+\.\d+ ± \d+\.\d+/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.results['udhr-likelihood_en']['bits_per_byte,none']).toBeGreaterThan(0);
    const second = await run(...args);
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toMatch(/reused 4 cached requests/);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(JSON.stringify(results, null, 2) + '\n');
    expect((await run('verify', join(out, 'manifest.json'))).exitCode).toBe(0);
  });

  it('rejects a model that is not GGUF with exit code 2', async () => {
    const notGguf = write('model.bin', ['hello']);
    const result = await run('eval', '--model', notGguf, '--tasks', 'udhr-likelihood', '--out', join(directory, 'bad'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/model\.bin@0: is not a GGUF file/);
  });

  it('fails with exit code 1 and names the server when an HTTP model does not answer', async () => {
    const result = await run('eval', '--model', 'http://127.0.0.1:9', '--served-model', 'x', '--tasks', 'udhr-likelihood', '--languages', 'mt', '--limit', '1', '--out', join(directory, 'http'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/127\.0\.0\.1:9\/v1\/completions: 4 attempts failed/);
  });

  it('rejects an unknown --generation endpoint with exit code 2', async () => {
    const result = await run('eval', '--model', 'http://127.0.0.1:9', '--generation', 'responses', '--tasks', 'udhr-likelihood', '--out', join(directory, 'generation'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--generation responses: expected chat or completions/);
  });

  it('names an unknown task', async () => {
    const result = await run('eval', '--model', stories, '--tasks', 'hellaswag', '--out', join(directory, 'unknown'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown task "hellaswag"/);
  });
});

describe('oellm eval compare', () => {
  it('reports per-language deltas and the KL divergence of a Q8_0 quantisation from the F32 model', async () => {
    const quantized = join(directory, 'stories-Q8_0.gguf');
    expect((await run('quantize', '--input', stories, '--type', 'Q8_0', '--out', quantized, '--threads', '0')).exitCode).toBe(0);
    const result = await run('eval', 'compare', '--reference', stories, '--candidate', quantized, '--languages', 'en,mt', '--limit', '1', '--json');
    expect(result.exitCode).toBe(0);
    const body = JSON.parse(result.stdout) as { rows: { language: string; metric: string; delta: number }[]; divergence: { language: string; meanKlDivergence: number; tokens: number }[] };
    expect(body.rows.map((row) => `${row.language}:${row.metric}`)).toEqual([
      'en:bits_per_byte', 'en:byte_perplexity', 'en:word_perplexity', 'mt:bits_per_byte', 'mt:byte_perplexity', 'mt:word_perplexity',
    ]);
    // Q8_0 is close to F32 but not identical.
    const english = body.divergence.find((row) => row.language === 'en')!;
    expect(english.meanKlDivergence).toBeGreaterThan(0);
    expect(english.meanKlDivergence).toBeLessThan(0.05);
    expect(Math.abs(body.rows[0]!.delta)).toBeLessThan(0.1);
    const table = await run('eval', 'compare', '--reference', stories, '--candidate', stories, '--languages', 'mt', '--limit', '1');
    expect(table.stdout).toMatch(/mt\s+bits_per_byte\s+\d+\.\d+\s+\d+\.\d+\s+0\.0000/);
    expect(table.stdout).toMatch(/KL\(reference ‖ candidate\)/);
  });
});
