import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, readManifest } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index.js';
import { sampleDocuments, temporaryDirectory, zstdCli } from './helpers.js';

// The parser pool loads dist/ingest-worker.js, so the threaded path is tested against the
// build (CI builds before testing); the inline path (threads: 0) runs in source mode.
const distUrl = new URL('../dist/index.js', import.meta.url);

interface Corpus {
  path: string;
  /** The bad lines as the definition of the file says: 1-based line, byte offset of the line start, reason. */
  bad: Array<{ line: number; offset: number; reason: string }>;
}

/** FLORES documents with duplicates, e-mail addresses, short texts and bad lines spread over many blocks. */
function writeCorpus(directory: string): Corpus {
  const lines: string[] = [];
  const reasons = new Map<number, string>();
  sampleDocuments(40).forEach((document, index) => {
    const text = index % 9 === 0 ? `${document.text} Kitbu lil anna${index}@gov.mt` : index % 13 === 0 ? 'too short' : document.text;
    lines.push(JSON.stringify({ ...document, text }));
    if (index % 17 === 0) lines.push(JSON.stringify({ ...document, id: `${document.id}-copy`, text }));
    if (index % 23 === 5) {
      reasons.set(lines.length, 'invalid_json');
      lines.push('{"id":"broken","text":"no closing brace"');
    }
    if (index % 31 === 7) {
      reasons.set(lines.length, 'missing_text');
      lines.push('{"id":"no-text"}');
    }
    if (index % 29 === 3) lines.push('');
  });
  const bytes: Buffer[] = [];
  const bad: Corpus['bad'] = [];
  let offset = 0;
  lines.forEach((line, index) => {
    const reason = reasons.get(index);
    if (reason) bad.push({ line: index + 1, offset, reason });
    const encoded = Buffer.from(`${line}\n`);
    bytes.push(encoded);
    offset += encoded.length;
  });
  // Invalid UTF-8 in the middle of the file.
  bad.push({ line: lines.length + 1, offset, reason: 'invalid_utf8' });
  bytes.push(Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x0a]));
  for (const document of sampleDocuments(3)) bytes.push(Buffer.from(`${JSON.stringify({ ...document, id: `tail-${document.id}`, text: `${document.text} (tail)` })}\n`));
  const path = join(directory, 'corpus.jsonl');
  writeFileSync(path, Buffer.concat(bytes));
  zstdCli(path, `${path}.zst`);
  return { path: `${path}.zst`, bad };
}

async function runIngest(library: typeof source, corpus: Corpus, out: string, threads: number, format: 'parquet' | 'jsonl', withLanguageId: boolean) {
  const stages = [library.createQualityFilterStage({ thresholds: { minWords: 3 } }), library.createPiiMaskingStage(), ...(withLanguageId ? [await library.createLanguageIdStage()] : []), library.createExactDedupStage()];
  const summary = await library.ingestDataset({ inputs: [corpus.path], out, format, maxRowsPerShard: 70, batchSize: 16, threads, stages });
  const manifest = await readManifest(summary.manifestPath);
  return {
    shards: summary.shards.map((shard) => [shard.file.path, shard.file.sha256, shard.file.rows]),
    counts: manifest.counts,
    quarantine: readFileSync(join(out, '_quarantine.jsonl'), 'utf8'),
  };
}

describe('ingest on parser threads (built package)', () => {
  it('writes byte-identical shards and the same quarantine whatever the thread count', async () => {
    expect(existsSync(fileURLToPath(distUrl)), 'dist/index.js is missing: build @oellm/dataset before testing').toBe(true);
    const built = (await import(distUrl.href)) as typeof source;
    expect(built.ingestWorkerAvailable()).toBe(true);
    expect(source.ingestWorkerAvailable()).toBe(false);
    const directory = temporaryDirectory();
    const corpus = writeCorpus(directory);
    for (const format of ['parquet', 'jsonl'] as const) {
      const inline = await runIngest(source, corpus, join(directory, `${format}-inline`), 0, format, false);
      for (const threads of [1, 2, 3]) {
        expect(await runIngest(built, corpus, join(directory, `${format}-${threads}`), threads, format, false), `${format}, ${threads} threads`).toEqual(inline);
      }
      expect(inline.shards.length).toBeGreaterThan(2);
      expect(inline.counts).toMatchObject({ 'dropped:dedup:exact': 12, 'quarantined:invalid_json': 9, 'quarantined:missing_text': 7, 'quarantined:invalid_utf8': 1 });
      expect(Object.keys(inline.counts).some((key) => key.startsWith('dropped:gopher:'))).toBe(true);
    }
  });

  it('runs language ID on the workers with the same labels as inline', async () => {
    const built = (await import(distUrl.href)) as typeof source;
    const directory = temporaryDirectory();
    const corpus = writeCorpus(directory);
    const inline = await runIngest(source, corpus, join(directory, 'inline'), 0, 'parquet', true);
    expect(await runIngest(built, corpus, join(directory, 'threads'), 2, 'parquet', true)).toEqual(inline);
    expect((await source.readDatasetStats(join(directory, 'threads'))).languages).toMatchObject({ mt: expect.any(Number), ga: expect.any(Number), el: expect.any(Number), bg: expect.any(Number), de: expect.any(Number) });
  });

  it('stops at the first bad record in strict mode, naming its line', async () => {
    const built = (await import(distUrl.href)) as typeof source;
    const directory = temporaryDirectory();
    const corpus = writeCorpus(directory);
    const error = await built.ingestDataset({ inputs: [corpus.path], out: join(directory, 'strict'), batchSize: 16, threads: 2, strict: true }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).location).toMatchObject({ file: corpus.path, line: corpus.bad[0]!.line });
  });
});

describe('quarantine positions across blocks (inline, source mode)', () => {
  it('gives every bad line its exact 1-based line and byte offset for any block size', async () => {
    const directory = temporaryDirectory();
    const corpus = writeCorpus(directory);
    for (const batchSize of [1, 3, 16, 8192]) {
      const out = join(directory, `inline-${batchSize}`);
      await source.ingestDataset({ inputs: [corpus.path], out, batchSize, threads: 0 });
      const records = readFileSync(join(out, '_quarantine.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { line: number; offset: number; reason: string });
      expect(records.map(({ line, offset, reason }) => ({ line, offset, reason })), `batchSize ${batchSize}`).toEqual(corpus.bad);
    }
  });
});
