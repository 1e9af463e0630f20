import type { DocumentSourceV1, SourceReadOptions } from '@oellm/core';
import { InputError } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import { DocumentBatchBuilder } from '../arrow/document-batch-builder.js';
import { appendTableRow } from './append-table-row.js';

/**
 * Options of {@link createParquetSource}.
 *
 * @example
 * ```ts
 * import type { ParquetSourceOptions } from '@oellm/dataset';
 * const options: ParquetSourceOptions = { source: 'fineweb-2' };
 * ```
 */
export interface ParquetSourceOptions {
  /** Written to the `source` column of rows without one. */
  source?: string;
}

/**
 * Reads a Parquet file (FineWeb-2, CulturaX, or our own shards) one row group at a time with
 * hyparquet, mapping columns onto the document schema like JSONL records (`text`, `id`,
 * `lang`/`language`, `url`, `source`; other columns into `metadata`). Rows without text are
 * quarantined as `missing_text` with their row number in `line`.
 *
 * @example
 * ```ts
 * import { createParquetSource } from '@oellm/dataset';
 * for await (const batch of createParquetSource('fineweb2/mlt_Latn/000.parquet').batches()) console.log(batch.numRows);
 * ```
 */
export function createParquetSource(path: string, options: ParquetSourceOptions = {}): DocumentSourceV1 {
  return {
    specificationVersion: 'v1',
    name: `parquet:${path}`,
    batches: (readOptions) => readParquet(path, options, readOptions ?? {}),
    async countRows() {
      const { asyncBufferFromFile, parquetMetadataAsync } = await import('hyparquet');
      return Number((await parquetMetadataAsync(await asyncBufferFromFile(path))).num_rows);
    },
  };
}

/**
 * Reads the rows of any Parquet file as plain objects (column name to value), one row-group
 * slice at a time so memory stays bounded: for tables that are not corpora, such as evaluation
 * task data (Belebele, SIB-200, ARC-style columns). INT64 values arrive as `bigint`.
 *
 * @throws InputError `invalid_parquet` when the file is not readable Parquet.
 * @example
 * ```ts
 * import { readParquetRecords } from '@oellm/dataset';
 * for await (const row of readParquetRecords('belebele/mlt_Latn.parquet')) console.log(row['question']);
 * ```
 */
export async function* readParquetRecords(path: string, options: { batchSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<Record<string, unknown>> {
  for await (const { rows } of readParquetSlices(path, options)) yield* rows;
}

async function* readParquetSlices(path: string, options: { batchSize?: number; signal?: AbortSignal }): AsyncGenerator<{ start: number; rows: Record<string, unknown>[] }> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const file = await asyncBufferFromFile(path).catch((error: unknown) => {
    throw new InputError({ code: 'file_not_found', message: 'cannot open the Parquet file; check the path', location: { file: path }, cause: error });
  });
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new InputError({ code: 'invalid_parquet', message: `not a readable Parquet file (${(error as Error).message})`, location: { file: path }, cause: error });
  }
  const batchSize = Math.max(1, options.batchSize ?? 8192);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    // Slices of a row group bound memory for files written with very large row groups.
    for (let sliceStart = 0; sliceStart < groupRows; sliceStart += batchSize) {
      options.signal?.throwIfAborted();
      const start = rowStart + sliceStart;
      const end = Math.min(rowStart + groupRows, start + batchSize);
      yield { start, rows: (await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end, compressors })) as Record<string, unknown>[] };
    }
    rowStart += groupRows;
  }
}

async function* readParquet(path: string, options: ParquetSourceOptions, readOptions: SourceReadOptions): AsyncGenerator<RecordBatch> {
  const batchSize = Math.max(1, readOptions.batchSize ?? 8192);
  const builder = new DocumentBatchBuilder();
  for await (const { start, rows } of readParquetSlices(path, { batchSize, signal: readOptions.signal })) {
    for (let index = 0; index < rows.length; index++) appendTableRow(builder, rows[index], path, start + index + 1, options.source ?? null, readOptions);
    if (builder.rows >= batchSize) yield builder.finish();
  }
  if (builder.rows > 0) yield builder.finish();
}
