import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFile, temporaryPathFor, type DocumentSinkV1, type ManifestFile, type SinkSummary } from '@oellm/core';
import type { Data, RecordBatch, Utf8 } from 'apache-arrow';
import { rowByteSizes, utf8ColumnValues } from '../arrow/utf8-column-values.js';
import { openShardFile, shardExtensions, type OutputFormat, type ShardFileWriter } from './shard-file-writer.js';

/**
 * A finished shard: its manifest entry and language histogram.
 *
 * @example
 * ```ts
 * import type { CompletedShard } from '@oellm/dataset';
 * const shard: CompletedShard = { file: { path: 'shard-00000.parquet', bytes: 1024, sha256: '…', role: 'shard', rows: 10 }, languages: { mt: 10 } };
 * ```
 */
export interface CompletedShard {
  file: ManifestFile;
  /** Rows per `lang` value (`und` for null). */
  languages: Record<string, number>;
}

/**
 * Options of {@link createDatasetSink}.
 *
 * @example
 * ```ts
 * import type { DatasetSinkOptions } from '@oellm/dataset';
 * const options: DatasetSinkOptions = { format: 'parquet', maxRowsPerShard: 100_000 };
 * ```
 */
export interface DatasetSinkOptions {
  format: OutputFormat;
  /** Start a new shard after this many rows (default 100 000). */
  maxRowsPerShard?: number;
  /** Start a new shard once its documents hold this many UTF-8 bytes (default 256 MiB). */
  maxBytesPerShard?: number;
  /** Index of the first shard (a resumed run continues the numbering). */
  firstShardIndex?: number;
  /** zstd level (default 3). */
  zstdLevel?: number;
  /** 1 (default when running from the built package): encode and compress shards on a worker thread; 0: inline. */
  threads?: number;
  /** Called after each shard is complete under its final name. */
  onShardComplete?: (shard: CompletedShard) => void | Promise<void>;
}

/**
 * The deterministic name of shard `index`: `shard-00042.parquet`.
 *
 * @example
 * ```ts
 * import { shardName } from '@oellm/dataset';
 * shardName(3, 'arrow'); // 'shard-00003.arrow'
 * ```
 */
export function shardName(index: number, format: OutputFormat): string {
  return `shard-${String(index).padStart(5, '0')}${shardExtensions[format]}`;
}

/**
 * A `DocumentSink` writing a directory of shards, cut by rows or bytes at exact row
 * boundaries (so the cut points do not depend on batch sizes). Each shard is written under
 * a temporary name and renamed when complete.
 *
 * @example
 * ```ts
 * import { createDatasetSink } from '@oellm/dataset';
 * const sink = createDatasetSink('out', { format: 'parquet', maxRowsPerShard: 50_000 });
 * for await (const batch of source.batches()) await sink.write(batch);
 * const { rows, files } = await sink.close();
 * ```
 */
export function createDatasetSink(directory: string, options: DatasetSinkOptions): DocumentSinkV1 & { readonly shards: CompletedShard[] } {
  const maxRows = Math.max(1, options.maxRowsPerShard ?? 100_000);
  const maxBytes = Math.max(1, options.maxBytesPerShard ?? 256 << 20);
  const shards: CompletedShard[] = [];
  let nextIndex = options.firstShardIndex ?? 0;
  let current: { writer: ShardFileWriter; finalPath: string; temporaryPath: string; rows: number; bytes: number; languages: Record<string, number> } | undefined;
  let totalRows = 0;

  const openShard = async () => {
    await mkdir(directory, { recursive: true });
    const finalPath = join(directory, shardName(nextIndex++, options.format));
    const temporaryPath = temporaryPathFor(finalPath);
    current = { writer: await openShardFile(options.format, temporaryPath, { ...(options.zstdLevel === undefined ? {} : { zstdLevel: options.zstdLevel }), ...(options.threads === undefined ? {} : { threads: options.threads }) }), finalPath, temporaryPath, rows: 0, bytes: 0, languages: {} };
    return current;
  };

  const completeShard = async () => {
    if (!current) return;
    const shard = current;
    current = undefined;
    await shard.writer.close();
    await rename(shard.temporaryPath, shard.finalPath);
    const completed: CompletedShard = { file: await describeFile(shard.finalPath, { relativeTo: directory, role: 'shard', rows: shard.rows }), languages: shard.languages };
    shards.push(completed);
    await options.onShardComplete?.(completed);
  };

  return {
    specificationVersion: 'v1',
    name: `dataset:${directory}`,
    shards,
    async write(batch: RecordBatch) {
      const sizes = rowByteSizes(batch.data.children, batch.numRows);
      let start = 0;
      while (start < batch.numRows) {
        const shard = current ?? (await openShard());
        let end = start;
        let bytes = shard.bytes;
        // Always take at least one row, so one huge document still makes progress.
        while (end < batch.numRows && (end === start || (shard.rows + (end - start) < maxRows && bytes + sizes[end]! <= maxBytes))) {
          bytes += sizes[end]!;
          end++;
        }
        if (shard.rows + (end - start) > maxRows) end = start + (maxRows - shard.rows);
        const slice = start === 0 && end === batch.numRows ? batch : batch.slice(start, end);
        await shard.writer.write(slice);
        countLanguages(slice, shard.languages);
        shard.rows += end - start;
        shard.bytes = bytes;
        totalRows += end - start;
        start = end;
        if (shard.rows >= maxRows || shard.bytes >= maxBytes) await completeShard();
      }
    },
    async close(): Promise<SinkSummary> {
      await completeShard();
      return { rows: totalRows, files: shards.map((shard) => shard.file) };
    },
    async abort() {
      const shard = current;
      current = undefined;
      await shard?.writer.abort();
      if (shard) await rm(shard.temporaryPath, { force: true });
    },
  };
}

function countLanguages(batch: RecordBatch, histogram: Record<string, number>): void {
  const column = batch.getChild('lang');
  if (!column) return;
  for (const chunk of column.data) {
    for (const value of utf8ColumnValues(chunk as Data<Utf8>)) {
      const key = value ?? 'und';
      histogram[key] = (histogram[key] ?? 0) + 1;
    }
  }
}
