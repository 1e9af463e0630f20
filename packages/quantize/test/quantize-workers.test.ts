import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createQuantizePool, openGguf, q4_K, quantizeModel } from '../src/index.js';
import { llamaQuantize } from './support/llama-quantize-oracle.js';
import { syntheticImportance, syntheticRows } from './support/synthetic-rows.js';
import { writeSyntheticLlama } from './support/synthetic-llama.js';

// Workers run the built dist/quantize-worker.js (turbo builds before tests in CI). Without a
// build this test fails on purpose rather than skipping: run `pnpm --filter @oellm/quantize build`.
const workerUrl = new URL('../dist/quantize-worker.js', import.meta.url);
const directory = await mkdtemp(join(tmpdir(), 'oellm-workers-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('quantisation on worker threads (built dist)', () => {
  it('the worker script is built', () => {
    expect(existsSync(fileURLToPath(workerUrl)), 'run `pnpm --filter @oellm/quantize build` first').toBe(true);
  });

  it('gives the same bytes as the calling thread, in chunks across 2 workers', async () => {
    const rows = 300;
    const columns = 1024;
    const source = syntheticRows('normal', rows, columns, 5);
    const pool = createQuantizePool({ threads: 2, workerUrl });
    try {
      const threaded = await pool.quantize('Q4_K', source, rows, columns);
      expect(Buffer.from(threaded).equals(Buffer.from(q4_K.quantizeRows(source, rows, columns)))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a whole model quantised on 2 workers is byte-identical to the inline run and to llama_model_quantize', async () => {
    const input = join(directory, 'model.gguf');
    await writeSyntheticLlama(input, { layers: 2, embedding: 256, feedForward: 256, heads: 4, headsKv: 2, vocabulary: 300 });
    const inlineReport = await quantizeModel({ input, output: join(directory, 'inline.gguf'), fileType: 'Q4_K_M', threads: 0, manifest: false });
    const workersReport = await quantizeModel({ input, output: join(directory, 'workers.gguf'), fileType: 'Q4_K_M', threads: 2, workerUrl, manifest: false });
    llamaQuantize(input, join(directory, 'llama.gguf'), 'Q4_K_M', { threads: 2 });
    const [inline, workers, llama] = await Promise.all(['inline.gguf', 'workers.gguf', 'llama.gguf'].map((name) => readFile(join(directory, name))));
    expect(workers!.equals(inline!)).toBe(true);
    expect(workers!.equals(llama!)).toBe(true);
    // The workers measure the error chunk by chunk; the sums differ from the inline pass only in rounding.
    for (const [index, tensor] of workersReport.tensors.entries()) {
      const inlineTensor = inlineReport.tensors[index]!;
      expect(tensor.maximumError).toBe(inlineTensor.maximumError);
      expect(tensor.rootMeanSquareError).toBeCloseTo(inlineTensor.rootMeanSquareError!, 12);
    }
  });

  it('a model whose tensors do not all fit the read-ahead arena, with an importance matrix, on 2 workers equals llama_model_quantize', async () => {
    // Vocabulary 2000 × 256: token_embd is the largest tensor, so the reads before and after it
    // wrap around the arena; the importance matrix covers every 256-wide weight matrix.
    const input = join(directory, 'model-wide.gguf');
    await writeSyntheticLlama(input, { layers: 2, embedding: 256, feedForward: 512, heads: 4, headsKv: 2, vocabulary: 2000 }, 9);
    const importance = new Map<string, Float32Array>();
    const reader = await openGguf(input);
    for (const tensor of reader.tensors) {
      if (tensor.shape.length === 2) importance.set(tensor.name, syntheticImportance(tensor.shape[0]!, tensor.shape[0]! + tensor.name.length));
    }
    await reader.close();
    await quantizeModel({ input, output: join(directory, 'wide-workers.gguf'), fileType: 'Q4_K_M', threads: 2, workerUrl, manifest: false, importance, measureErrors: false });
    llamaQuantize(input, join(directory, 'wide-llama.gguf'), 'Q4_K_M', { threads: 2, importance });
    const [workers, llama] = await Promise.all(['wide-workers.gguf', 'wide-llama.gguf'].map((name) => readFile(join(directory, name))));
    expect(workers!.equals(llama!)).toBe(true);
  });
});
