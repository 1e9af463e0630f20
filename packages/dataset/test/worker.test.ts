import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentsToRecordBatch } from '@oellm/core/arrow';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index.js';
import { readAll, sampleDocuments, temporaryDirectory } from './helpers.js';

// The worker path loads dist/shard-writer-worker.js, so it is tested against the build
// (CI builds before testing). Run `pnpm --filter @oellm/dataset build` first when testing locally.
const distUrl = new URL('../dist/index.js', import.meta.url);

describe('shard writing on a worker thread (built package)', () => {
  it('is available from dist and writes the same shards as the inline writer', async () => {
    expect(existsSync(fileURLToPath(distUrl)), 'dist/index.js is missing: build @oellm/dataset before testing').toBe(true);
    const built = (await import(distUrl.href)) as typeof source;
    expect(built.shardWorkerAvailable()).toBe(true);
    expect(source.shardWorkerAvailable()).toBe(false);
    // The built package (ESM importing the CommonJS addon) loads native zstd too.
    expect((await built.loadZstdCompressor()).implementation).toBe('native');
    const documents = sampleDocuments(60);
    for (const format of ['parquet', 'arrow', 'jsonl'] as const) {
      const outputs = [];
      for (const [library, threads] of [[built, 1], [source, 0]] as const) {
        const directory = temporaryDirectory();
        const sink = library.createDatasetSink(directory, { format, maxRowsPerShard: 120, threads });
        for (let start = 0; start < documents.length; start += 50) await sink.write(documentsToRecordBatch(documents.slice(start, start + 50)));
        const summary = await sink.close();
        // Parquet and JSONL.zst bytes are deterministic; Arrow IPC bodies depend on how buffers are laid out in memory, so its rows are compared.
        outputs.push(format === 'arrow' ? (await readAll(await source.openDocumentSource([directory]))).documents : summary.files.map((file) => [file.path, file.sha256, file.rows]));
        expect(summary.files.map((file) => readFileSync(join(directory, file.path!)).length)).toEqual(summary.files.map((file) => file.bytes));
      }
      expect(outputs[0]).toEqual(outputs[1]);
    }
  });
});
