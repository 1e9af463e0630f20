import type { DocumentSourceV1, SourceReadOptions } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import type { ZstdDecoder } from './decompressed-chunks.js';
import { jsonlBlocks, type JsonlBlockOptions } from './jsonl-blocks.js';
import { parseJsonlBlock } from './parse-jsonl-block.js';
import { reportBadRecord } from './quarantine.js';

/**
 * Options of {@link createJsonlSource}.
 *
 * @example
 * ```ts
 * import type { JsonlSourceOptions } from '@oellm/dataset';
 * const options: JsonlSourceOptions = { source: 'hplt-v2', maxBatchBytes: 16 << 20 };
 * ```
 */
export interface JsonlSourceOptions {
  /** Written to the `source` column of records without one (default: none). */
  source?: string;
  /** Cut a batch early once its lines hold this many bytes (default 8 MiB): bounds memory for long documents. */
  maxBatchBytes?: number;
  /** Called with decompressed bytes read, for progress in MB/s. */
  onBytesRead?: (bytes: number) => void;
  /** Longest line read (default 64 MiB); longer ones are quarantined as `line_too_long` without being held in memory. */
  maxLineBytes?: number;
  /** The zstd decoder for `.zst` files (default `auto`: the `zstd` command if installed, else fzstd). */
  zstdDecoder?: ZstdDecoder;
}

const defaultBatchSize = 8192;
const defaultMaxBatchBytes = 8 << 20;
const defaultMaxLineBytes = 64 << 20;

/**
 * Reads a JSONL file (plain, `.gz` or `.zst`, HPLT v2 or generic records) as a stream of
 * record batches in the document schema, line by line with bounded memory.
 *
 * Bad lines are quarantined with their file, 1-based line, decompressed byte offset and a
 * reason: `invalid_utf8`, `invalid_json`, `missing_text`, `not_an_object`, `line_too_long`; a damaged
 * compressed stream ends the file with `truncated_zstd_frame`, `invalid_zstd`,
 * `truncated_gzip` or `invalid_gzip`. Blank lines are not records.
 *
 * @example
 * ```ts
 * import { createJsonlSource } from '@oellm/dataset';
 * const source = createJsonlSource('hplt/mt_1.jsonl.zst');
 * for await (const batch of source.batches({ quarantine: (record) => console.warn(record) })) console.log(batch.numRows);
 * ```
 */
export function createJsonlSource(path: string, options: JsonlSourceOptions = {}): DocumentSourceV1 {
  return {
    specificationVersion: 'v1',
    name: `jsonl:${path}`,
    batches: (readOptions) => readJsonl(path, options, readOptions ?? {}),
  };
}

async function* readJsonl(path: string, options: JsonlSourceOptions, readOptions: SourceReadOptions): AsyncGenerator<RecordBatch> {
  const defaultSource = options.source ?? null;
  for await (const unit of jsonlBlocks(path, jsonlBlockOptions(options, readOptions))) {
    if (unit.type === 'bad') {
      reportBadRecord(readOptions, unit.record);
      continue;
    }
    const { batch, bad } = parseJsonlBlock(unit, defaultSource);
    for (const record of bad) reportBadRecord(readOptions, record);
    if (batch.numRows > 0) yield batch;
  }
}

/**
 * How a JSONL file is cut into blocks for the given source and read options: a block holds at
 * most `batchSize` lines and about `maxBatchBytes` bytes, so every batch stays within both.
 *
 * @example
 * ```ts
 * import { jsonlBlockOptions } from '@oellm/dataset';
 * const options = jsonlBlockOptions({}, { batchSize: 1024 });
 * ```
 */
export function jsonlBlockOptions(options: JsonlSourceOptions, readOptions: SourceReadOptions): JsonlBlockOptions {
  return {
    maxLines: Math.max(1, readOptions.batchSize ?? defaultBatchSize),
    maxBytes: Math.max(1, options.maxBatchBytes ?? defaultMaxBatchBytes),
    maxLineBytes: Math.max(1, options.maxLineBytes ?? defaultMaxLineBytes),
    ...(options.onBytesRead ? { onBytesRead: options.onBytesRead } : {}),
    ...(options.zstdDecoder ? { zstdDecoder: options.zstdDecoder } : {}),
    ...(readOptions.signal ? { signal: readOptions.signal } : {}),
  };
}
