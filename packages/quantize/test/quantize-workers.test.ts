import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createQuantizePool, q4_K, quantizeModel } from '../src/index.js';
import { syntheticRows } from './support/synthetic-rows.js';
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

  it('a whole model quantised on 2 workers is byte-identical to the inline run', async () => {
    const input = join(directory, 'model.gguf');
    await writeSyntheticLlama(input, { layers: 2, embedding: 256, feedForward: 256, heads: 4, headsKv: 2, vocabulary: 300 });
    await quantizeModel({ input, output: join(directory, 'inline.gguf'), fileType: 'Q4_K_M', threads: 0, manifest: false });
    await quantizeModel({ input, output: join(directory, 'workers.gguf'), fileType: 'Q4_K_M', threads: 2, workerUrl, manifest: false });
    const [inline, workers] = await Promise.all([readFile(join(directory, 'inline.gguf')), readFile(join(directory, 'workers.gguf'))]);
    expect(workers.equals(inline)).toBe(true);
  });
});
