import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { CompressionType, RecordBatchFileWriter, type RecordBatch, type Utf8, type Data } from 'apache-arrow';
import { documentColumns } from '@oellm/core';
import { loadZstdCompressor, registerArrowZstdCodec } from '../compression/zstd.js';
import { utf8ColumnBytes, utf8ColumnValues } from '../arrow/utf8-column-values.js';
import { openWorkerShardFile, shardWorkerAvailable } from './worker-shard-file.js';

/**
 * The formats a dataset is written in.
 *
 * @example
 * ```ts
 * import type { OutputFormat } from '@oellm/dataset';
 * const format: OutputFormat = 'parquet';
 * ```
 */
export type OutputFormat = 'arrow' | 'parquet' | 'jsonl';

/**
 * File name extension of each output format.
 *
 * @example
 * ```ts
 * import { shardExtensions } from '@oellm/dataset';
 * shardExtensions.jsonl; // '.jsonl.zst'
 * ```
 */
export const shardExtensions: Record<OutputFormat, string> = { arrow: '.arrow', parquet: '.parquet', jsonl: '.jsonl.zst' };

/**
 * Writes record batches in the document schema into one file. The file is complete only after
 * `close` resolves; the caller writes to a temporary name and renames.
 *
 * @example
 * ```ts
 * import { openShardFile } from '@oellm/dataset';
 * const file = await openShardFile('parquet', 'out/.shard-00000.parquet.partial-1');
 * await file.write(batch);
 * await file.close();
 * ```
 */
export interface ShardFileWriter {
  write(batch: RecordBatch): Promise<void>;
  close(): Promise<void>;
  /** Stops writing and deletes the file. */
  abort(): Promise<void>;
}

/**
 * Options of {@link openShardFile}.
 *
 * @example
 * ```ts
 * import type { ShardFileOptions } from '@oellm/dataset';
 * const options: ShardFileOptions = { zstdLevel: 3, threads: 0 };
 * ```
 */
export interface ShardFileOptions {
  /** zstd level (default 3, as DuckDB and the zstd tool). */
  zstdLevel?: number;
  /**
   * Worker threads for encoding and compression: 1 writes on a worker thread (the default
   * when running from the built package), 0 writes inline on the calling thread.
   */
  threads?: number;
}

/**
 * Opens a shard file writer: Arrow IPC file format with zstd body compression, Parquet with
 * zstd (hyparquet-writer), or JSONL compressed with zstd (one frame per batch).
 *
 * @example
 * ```ts
 * import { openShardFile } from '@oellm/dataset';
 * const file = await openShardFile('arrow', 'out/.shard-00000.arrow.partial-1');
 * ```
 */
export async function openShardFile(format: OutputFormat, path: string, options: ShardFileOptions = {}): Promise<ShardFileWriter> {
  const level = options.zstdLevel ?? 3;
  if ((options.threads ?? 1) > 0 && shardWorkerAvailable()) return openWorkerShardFile(format, path, { zstdLevel: level });
  if (options.threads !== undefined && options.threads > 0 && !shardWorkerAvailable()) {
    throw new Error('the shard-writer worker is not built (dist/shard-writer-worker.js); build @oellm/dataset or pass threads: 0');
  }
  if (format === 'arrow') return openArrowFile(path, level);
  if (format === 'parquet') return openParquetFile(path, level);
  return openJsonlZstdFile(path, level);
}

async function openArrowFile(path: string, level: number): Promise<ShardFileWriter> {
  await registerArrowZstdCodec(level);
  const writer = new RecordBatchFileWriter({ compressionType: CompressionType.ZSTD });
  const output = createWriteStream(path);
  const done = once(output, 'close');
  writer.toNodeStream().pipe(output);
  return {
    async write(batch) {
      writer.write(batch);
      // Let the pipe drain so a shard never sits in memory whole.
      if (output.writableNeedDrain) await once(output, 'drain');
    },
    async close() {
      writer.finish();
      await done;
    },
    async abort() {
      output.destroy();
      await rm(path, { force: true });
    },
  };
}

// Row groups of about this many rows or bytes: large enough for good zstd ratios, small enough to bound memory.
const parquetRowGroupRows = 32_768;
const dictionaryColumns = new Set(['lang', 'source']);
const parquetRowGroupBytes = 16 << 20;

async function openParquetFile(path: string, level: number): Promise<ShardFileWriter> {
  const { ParquetWriter, schemaFromColumnData, fileWriter } = await import('hyparquet-writer');
  const compress = await loadZstdCompressor();
  const nullable = (name: string) => name !== 'id' && name !== 'text';
  const schema = schemaFromColumnData({ columnData: documentColumns.map((name) => ({ name, data: [], type: 'STRING' as const, nullable: nullable(name) })) });
  const writer = new ParquetWriter({ writer: fileWriter(path), schema, codec: 'ZSTD', compressors: { ZSTD: (input: Uint8Array) => compress(input, level) }, createdBy: '@oellm/dataset (hyparquet-writer)' });
  let pending: Array<Array<string | Uint8Array | null>> = documentColumns.map(() => []);
  let pendingBytes = 0;
  const flush = async () => {
    if (pending[0]!.length === 0) return;
    // Unique-per-row columns are written PLAIN: trying a dictionary on them costs time for nothing.
    const columnData = documentColumns.map((name, index) => ({
      name,
      data: pending[index]!,
      type: 'STRING' as const,
      nullable: nullable(name),
      ...(dictionaryColumns.has(name) ? {} : { encoding: 'PLAIN' as const }),
    }));
    await writer.write({ columnData, rowGroupSize: pending[0]!.length });
    pending = documentColumns.map(() => []);
    pendingBytes = 0;
  };
  return {
    async write(batch) {
      documentColumns.forEach((name, index) => {
        const data = batch.getChild(name)!.data;
        for (const chunk of data) {
          // Dictionary columns need strings (equal values must be equal keys); the others are
          // handed over as UTF-8 byte views, skipping a decode and re-encode of every text.
          const values = dictionaryColumns.has(name) ? utf8ColumnValues(chunk as Data<Utf8>) : utf8ColumnBytes(chunk as Data<Utf8>);
          const target = pending[index]!;
          for (const value of values) target.push(value);
        }
      });
      for (const child of batch.data.children) pendingBytes += child.values?.byteLength ?? 0;
      if (pending[0]!.length >= parquetRowGroupRows || pendingBytes >= parquetRowGroupBytes) await flush();
    },
    async close() {
      await flush();
      writer.finish();
    },
    async abort() {
      await rm(path, { force: true });
    },
  };
}

async function openJsonlZstdFile(path: string, level: number): Promise<ShardFileWriter> {
  const compress = await loadZstdCompressor();
  const handle = await open(path, 'w');
  return {
    async write(batch) {
      const columns = documentColumns.map((name) => batch.getChild(name)!.data.flatMap((chunk) => utf8ColumnValues(chunk as Data<Utf8>)));
      const [id, text, lang, source, url, metadata] = columns as [Array<string | null>, Array<string | null>, Array<string | null>, Array<string | null>, Array<string | null>, Array<string | null>];
      let lines = '';
      for (let row = 0; row < batch.numRows; row++) {
        // metadata is already JSON text: spliced in as an object, not re-parsed.
        lines += `{"id":${JSON.stringify(id[row])},"text":${JSON.stringify(text[row])},"lang":${JSON.stringify(lang[row])},"source":${JSON.stringify(source[row])},"url":${JSON.stringify(url[row])},"metadata":${metadata[row] ?? 'null'}}\n`;
      }
      // Each batch is one zstd frame; concatenated frames are one valid zstd stream.
      await handle.write(compress(Buffer.from(lines, 'utf8'), level));
    },
    async close() {
      await handle.close();
    },
    async abort() {
      await handle.close().catch(() => {});
      await rm(path, { force: true });
    },
  };
}
