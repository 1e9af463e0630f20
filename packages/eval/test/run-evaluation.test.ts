import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getLlama, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppModel, createUdhrTask, readUdhrArticles, runEvaluation } from '../src/index.js';
import { createScriptedModel } from './support/scripted-model.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'oellm-eval-run-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the UDHR task', () => {
  it('has 30 articles for each of the 24 official EU languages', async () => {
    const task = createUdhrTask();
    expect(task.languages).toHaveLength(24);
    expect(task.name).toBe('udhr-likelihood');
    const maltese = await readUdhrArticles('mlt');
    expect(maltese).toHaveLength(30);
    expect(maltese[0]).toMatch(/^Il-bnedmin kollha jitwieldu ħielsa u ugwali fid-dinjità u d-drittijiet\./);
  });
});

describe('runEvaluation', () => {
  it('writes lm-evaluation-harness results, samples, a table and a manifest', async () => {
    const output = join(directory, 'layout');
    const report = await runEvaluation({ model: createScriptedModel(), tasks: [createUdhrTask()], languages: ['mt', 'ga'], limit: 3, outputDirectory: output });
    const results = JSON.parse(await readFile(join(output, 'results.json'), 'utf8'));
    // The scripted model costs one bit per byte exactly.
    expect(results.results['udhr-likelihood_mt']['bits_per_byte,none']).toBeCloseTo(1, 12);
    expect(results.results['udhr-likelihood_mt']['byte_perplexity,none']).toBeCloseTo(2, 12);
    expect(results.results['udhr-likelihood_mt']).toHaveProperty(['bits_per_byte_stderr,none']);
    expect(results.versions['udhr-likelihood_ga']).toBe('1');
    expect(results['n-samples']['udhr-likelihood_ga']).toEqual({ original: 3, effective: 3 });
    expect(Object.keys(results.task_hashes)).toEqual(['udhr-likelihood_mt', 'udhr-likelihood_ga']);
    expect(report.table.split('\n')[0]).toMatch(/^task\s+language\s+n\s+bits_per_byte\s+byte_perplexity\s+word_perplexity$/);
    const sampleLines = (await readFile(join(output, 'samples', 'udhr-likelihood_ga.jsonl'), 'utf8')).trim().split('\n');
    expect(sampleLines).toHaveLength(3);
    expect(JSON.parse(sampleLines[0]!).documentId).toBe('udhr-ga-1');
    expect(JSON.parse(await readFile(join(output, 'manifest.json'), 'utf8')).kind).toBe('evaluation');
  });

  it('reports acc with "acc,none" and "acc_stderr,none" as lm-eval does', async () => {
    const { createDataTask } = await import('../src/index.js');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(directory, 'mc-mt.jsonl'), ['✓a', 'b', '✓c', 'd'].map((first, index) => JSON.stringify({ q: String(index), c: [first, first.startsWith('✓') ? 'x' : '✓x'], a: 0 })).join('\n'));
    const task = createDataTask(
      { name: 'mc', output_type: 'multiple_choice', languages: ['mt'], dataset: { path: 'mc-{language}.jsonl' }, doc_to_text: '{{q}}', doc_to_choice: 'c', doc_to_target: 'a', metrics: ['acc'] },
      { baseDirectory: directory },
    );
    const report = await runEvaluation({ model: createScriptedModel(), tasks: [task] });
    const entry = (report.harness.results as Record<string, Record<string, unknown>>)['mc_mt']!;
    expect(entry['acc,none']).toBe(0.5);
    // sample stddev of [1,0,1,0] is sqrt(1/3); over sqrt(4).
    expect(entry['acc_stderr,none']).toBeCloseTo(Math.sqrt(1 / 3) / 2, 12);
  });

  it('resumes an interrupted run from the request cache without recomputing', async () => {
    const output = join(directory, 'resume');
    const task = createUdhrTask();
    const interrupted = createScriptedModel({ failAfterCalls: 1 });
    await expect(runEvaluation({ model: interrupted, tasks: [task], languages: ['mt', 'ga'], limit: 2, outputDirectory: output })).rejects.toThrow('interrupted');
    expect(interrupted.calls.requests).toBe(2); // Maltese done and cached before the failure
    const resumed = createScriptedModel();
    const report = await runEvaluation({ model: resumed, tasks: [task], languages: ['mt', 'ga'], limit: 2, outputDirectory: output });
    expect(resumed.calls.requests).toBe(2); // only Irish
    expect(report.cache).toEqual({ hits: 2, misses: 2 });
    const again = createScriptedModel();
    await runEvaluation({ model: again, tasks: [task], languages: ['mt', 'ga'], limit: 2, outputDirectory: output });
    expect(again.calls.requests).toBe(0);
  });

  it('is byte-identical across runs', async () => {
    const run = async (name: string) => {
      const output = join(directory, name);
      await runEvaluation({ model: createScriptedModel(), tasks: [createUdhrTask()], languages: ['de'], limit: 4, outputDirectory: output });
      const files = await readdir(join(output, 'samples'));
      return [await readFile(join(output, 'results.json'), 'utf8'), ...(await Promise.all(files.map((file) => readFile(join(output, 'samples', file), 'utf8'))))];
    };
    expect(await run('first')).toEqual(await run('second'));
  });
});

describe('runEvaluation with llama.cpp on stories260K', () => {
  const modelPath = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
  let llama: Llama;
  beforeAll(async () => {
    llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });
  });

  it('gives identical results with 1 and 4 sequences', async () => {
    const results: string[] = [];
    for (const sequences of [1, 4]) {
      const model = await createLlamaCppModel({ modelPath, llama, contextSize: 512, sequences });
      try {
        const output = join(directory, `llama-${sequences}`);
        const report = await runEvaluation({ model, tasks: [createUdhrTask()], languages: ['en', 'mt'], limit: 4, outputDirectory: output, batchSize: 1 });
        const english = report.results.find((row) => row.language === 'en' && row.metric === 'bits_per_byte')!;
        const maltese = report.results.find((row) => row.language === 'mt' && row.metric === 'bits_per_byte')!;
        // A TinyStories model knows English far better than Maltese.
        expect(english.value).toBeLessThan(maltese.value);
        expect(english.standardError).toBeGreaterThan(0);
        results.push(await readFile(join(output, 'results.json'), 'utf8'));
      } finally {
        await model.close();
      }
    }
    expect(results[0]).toBe(results[1]);
  });
});
