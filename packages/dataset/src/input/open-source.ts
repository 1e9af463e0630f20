import type { DocumentSourceV1, SourceReadOptions } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import { createArrowIpcSource } from './arrow-ipc-source.js';
import { createJsonlSource } from './jsonl-source.js';
import { createParquetSource } from './parquet-source.js';
import { inputFormatOf, resolveInputs } from './resolve-inputs.js';

/**
 * Options of {@link openDocumentSource}.
 *
 * @example
 * ```ts
 * import type { OpenSourceOptions } from '@oellm/dataset';
 * const options: OpenSourceOptions = { source: 'hplt-v2' };
 * ```
 */
export interface OpenSourceOptions {
  /** Written to the `source` column of records without one. */
  source?: string;
  /** Called with decompressed JSONL bytes read, for MB/s progress. */
  onBytesRead?: (bytes: number) => void;
}

/**
 * One source over many files of any supported format: the reader for each file is picked by
 * its name. Inputs are files, directories, globs or shard lists (see {@link resolveInputs}).
 *
 * @example
 * ```ts
 * import { openDocumentSource } from '@oellm/dataset';
 * const source = await openDocumentSource(['hplt/mt/', 'extra.jsonl.gz']);
 * for await (const batch of source.batches({ quarantine: (record) => console.warn(record.reason) })) console.log(batch.numRows);
 * ```
 */
export async function openDocumentSource(inputs: readonly string[], options: OpenSourceOptions = {}): Promise<DocumentSourceV1 & { files: string[] }> {
  const files = await resolveInputs(inputs);
  return {
    specificationVersion: 'v1',
    name: files.length === 1 ? files[0]! : `${files.length} files`,
    files,
    batches: (readOptions) => readAll(files, options, readOptions ?? {}),
  };
}

/**
 * The source for one file, by its name.
 *
 * @example
 * ```ts
 * import { sourceForFile } from '@oellm/dataset';
 * const source = sourceForFile('000.parquet');
 * ```
 */
export function sourceForFile(path: string, options: OpenSourceOptions = {}): DocumentSourceV1 {
  const format = inputFormatOf(path);
  const sourceOptions = options.source === undefined ? {} : { source: options.source };
  if (format === 'parquet') return createParquetSource(path, sourceOptions);
  if (format === 'arrow') return createArrowIpcSource(path, sourceOptions);
  return createJsonlSource(path, { ...sourceOptions, ...(options.onBytesRead ? { onBytesRead: options.onBytesRead } : {}) });
}

async function* readAll(files: readonly string[], options: OpenSourceOptions, readOptions: SourceReadOptions): AsyncGenerator<RecordBatch> {
  for (const file of files) yield* sourceForFile(file, options).batches(readOptions);
}
