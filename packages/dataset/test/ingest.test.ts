import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, readManifest, verifyManifest } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { ingestDataset, openDocumentSource, readDatasetStats } from '../src/index.js';
import { slowDropStage } from './fixtures/slow-stage.js';
import { readAll, sampleDocuments, temporaryDirectory, zstdCli } from './helpers.js';

function writeCorpus(directory: string): { path: string; good: number; bad: number } {
  const documents = sampleDocuments(40);
  const lines = documents.map((document) => JSON.stringify(document));
  lines.splice(10, 0, '{"id":"broken-1","text":"no closing brace"');
  lines.splice(50, 0, '{"id":"broken-2","title":"no text"}');
  const path = join(directory, 'corpus.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  zstdCli(path, `${path}.zst`);
  return { path: `${path}.zst`, good: documents.length, bad: 2 };
}

describe('ingestDataset', () => {
  it('balances documents in = kept + dropped by reason + quarantined, with a verifiable manifest', async () => {
    const directory = temporaryDirectory();
    const { path, good, bad } = writeCorpus(directory);
    const out = join(directory, 'dataset');
    const summary = await ingestDataset({ inputs: [path], out, format: 'parquet', maxRowsPerShard: 64, stages: [slowDropStage(0)] });
    const droppedRows = Object.values(summary.dropped).reduce((a, b) => a + b, 0);
    expect(summary.documentsIn).toBe(good + bad);
    expect(summary.kept + droppedRows + summary.quarantined).toBe(summary.documentsIn);
    expect(summary.dropped['test:ends_in_7']).toBe(20);
    expect(summary.quarantined).toBe(2);

    const manifest = await readManifest(summary.manifestPath);
    expect(manifest.kind).toBe('dataset');
    expect(manifest.counts).toMatchObject({ documents_in: good + bad, kept: good - 20, quarantined: 2, 'dropped:test:ends_in_7': 20, 'quarantined:invalid_json': 1, 'quarantined:missing_text': 1 });
    expect((await verifyManifest(summary.manifestPath)).ok).toBe(true);
    expect(manifest.outputs.filter((file) => file.role === 'shard').map((file) => file.path)).toEqual(['shard-00000.parquet', 'shard-00001.parquet', 'shard-00002.parquet']);

    const stats = await readDatasetStats(out);
    expect(stats).toMatchObject({ rows: good - 20, quarantined: 2, dropped: { 'test:ends_in_7': 20 }, languages: { mt: 36, ga: 36, el: 36, bg: 36, de: 36 } });
    expect(stats.bytes).toBe(manifest.outputs.filter((file) => file.role === 'shard').reduce((sum, file) => sum + file.bytes, 0));

    // The quarantine side file names file, line and reason; it is not read back as corpus.
    const quarantine = (await readAll(await openDocumentSource([join(out, '_quarantine.jsonl')]))).quarantined;
    expect(quarantine).toHaveLength(2);
    // A dataset directory reads back as its shards only (not manifest.json or the quarantine file).
    const { documents, quarantined } = await readAll(await openDocumentSource([out]));
    expect(quarantined).toEqual([]);
    expect(documents).toHaveLength(good - 20);
  });

  it('refuses to overwrite a finished dataset and stops at the first bad record in strict mode', async () => {
    const directory = temporaryDirectory();
    const { path } = writeCorpus(directory);
    const out = join(directory, 'dataset');
    await ingestDataset({ inputs: [path], out, format: 'jsonl' });
    await expect(ingestDataset({ inputs: [path], out, format: 'jsonl' })).rejects.toMatchObject({ code: 'dataset_exists' });
    const error = await ingestDataset({ inputs: [path], out: join(directory, 'strict'), strict: true }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).location).toMatchObject({ file: path, line: 11 });
    expect(readdirSync(join(directory, 'strict')).filter((name) => !name.startsWith('_'))).toEqual([]);
  });
});
