import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { documentsToRecordBatch } from '@oellm/core/arrow';
import { readManifest, verifyManifest, type Document } from '@oellm/core';
import { MessageReader, MessageHeader, CompressionType, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createDatasetSink, createJsonlSource, registerArrowZstdCodec, shardName } from '../src/index.js';
import { duckdb, quoted } from './duckdb.js';
import { readAll, sampleDocuments, temporaryDirectory } from './helpers.js';

const documents = sampleDocuments(30);
const asRow = (document: Document) => ({ ...document, metadata: document.metadata === null ? null : JSON.stringify(document.metadata) });

async function writeDataset(format: 'arrow' | 'parquet' | 'jsonl', maxRowsPerShard = 40) {
  const directory = temporaryDirectory();
  const sink = createDatasetSink(directory, { format, maxRowsPerShard });
  // Uneven batches: shard cuts must not depend on them.
  for (let start = 0; start < documents.length; start += 17) await sink.write(documentsToRecordBatch(documents.slice(start, start + 17)));
  const summary = await sink.close();
  return { directory, summary, shards: sink.shards };
}

describe('dataset sink', () => {
  it('cuts shards at exact row counts with deterministic names and a language histogram', async () => {
    const { directory, summary, shards } = await writeDataset('parquet', 40);
    expect(summary.rows).toBe(documents.length);
    expect(shards.map((shard) => [shard.file.path, shard.file.rows])).toEqual([
      [shardName(0, 'parquet'), 40], [shardName(1, 'parquet'), 40], [shardName(2, 'parquet'), 40], [shardName(3, 'parquet'), 30],
    ]);
    expect(shards[0]!.languages).toEqual({ mt: 30, ga: 10 });
    expect(readdirSync(directory).sort()).toEqual(shards.map((shard) => shard.file.path).sort());
  });

  it('cuts shards by bytes', async () => {
    const directory = temporaryDirectory();
    const sink = createDatasetSink(directory, { format: 'jsonl', maxBytesPerShard: 4000 });
    await sink.write(documentsToRecordBatch(documents));
    const summary = await sink.close();
    expect(summary.files.length).toBeGreaterThan(3);
    expect(summary.files.reduce((sum, file) => sum + (file.rows ?? 0), 0)).toBe(documents.length);
  });

  it('writes Parquet (zstd) that DuckDB and hyparquet read back with identical rows', async () => {
    const { directory } = await writeDataset('parquet');
    const viaDuckdb = await duckdb(`SELECT id, text, lang, source, url, metadata FROM read_parquet(${quoted(join(directory, 'shard-*.parquet'))}) ORDER BY filename, file_row_number`.replace('FROM read_parquet(', 'FROM read_parquet(').replace('))', "), filename = true, file_row_number = true)"));
    expect(viaDuckdb).toEqual(documents.map(asRow));
    const codecs = await duckdb(`SELECT DISTINCT compression FROM parquet_metadata(${quoted(join(directory, 'shard-*.parquet'))})`);
    expect(codecs).toEqual([{ compression: 'ZSTD' }]);
    const viaHyparquet = [];
    for (const name of readdirSync(directory).sort()) {
      const file = await asyncBufferFromFile(join(directory, name));
      viaHyparquet.push(...(await parquetReadObjects({ file, compressors, metadata: await parquetMetadataAsync(file) })));
    }
    expect(viaHyparquet).toEqual(documents.map(asRow));
  });

  it('writes Arrow IPC files with zstd body compression that apache-arrow reads back', async () => {
    const { directory } = await writeDataset('arrow');
    await registerArrowZstdCodec();
    const rows = [];
    for (const name of readdirSync(directory).sort()) {
      const bytes = readFileSync(join(directory, name));
      expect(bytes.subarray(0, 6).toString()).toBe('ARROW1');
      rows.push(...tableFromIPC(bytes).toArray().map((row) => row.toJSON()));
      // The record batch messages declare zstd body compression.
      const reader = new MessageReader(bytes.subarray(8));
      for (let message = reader.readMessage(); message; message = reader.readMessage()) {
        if (message.headerType === MessageHeader.RecordBatch) expect((message.header() as { compression?: { type: number } }).compression?.type).toBe(CompressionType.ZSTD);
        if (message.bodyLength > 0) reader.readMessageBody(message.bodyLength);
      }
    }
    expect(rows).toEqual(documents.map(asRow));
  });

  it('writes JSONL.zst that the zstd tool decompresses and our reader round-trips', async () => {
    const { directory } = await writeDataset('jsonl');
    const read: Document[] = [];
    for (const name of readdirSync(directory).sort()) {
      const text = execFileSync('zstd', ['-d', '-c', join(directory, name)], { encoding: 'utf8' });
      expect(text.trim().split('\n').every((line) => JSON.parse(line) !== null)).toBe(true);
      read.push(...(await readAll(createJsonlSource(join(directory, name)))).documents);
    }
    expect(read).toEqual(documents);
  });
});
