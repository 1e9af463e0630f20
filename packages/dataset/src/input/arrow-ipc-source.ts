import { open } from 'node:fs/promises';
import type { DocumentSourceV1, SourceReadOptions } from '@oellm/core';
import { InputError } from '@oellm/core';
import { documentSchema } from '@oellm/core/arrow';
import { RecordBatch, RecordBatchReader, Utf8, type Schema } from 'apache-arrow';
import { DocumentBatchBuilder } from '../arrow/document-batch-builder.js';
import { registerArrowZstdCodec } from '../compression/zstd.js';
import { appendTableRow } from './append-table-row.js';

/**
 * Reads an Arrow IPC file or stream (`.arrow`, `.arrows`, `.feather` v2; uncompressed, zstd
 * or — if the caller registers it — lz4 bodies). Batches already in the document schema pass
 * through without copying; other schemas are mapped row by row like JSONL records.
 *
 * @example
 * ```ts
 * import { createArrowIpcSource } from '@oellm/dataset';
 * for await (const batch of createArrowIpcSource('out/shard-00000.arrow').batches()) console.log(batch.numRows);
 * ```
 */
export function createArrowIpcSource(path: string, options: { source?: string } = {}): DocumentSourceV1 {
  return {
    specificationVersion: 'v1',
    name: `arrow:${path}`,
    batches: (readOptions) => readArrowIpc(path, options.source ?? null, readOptions ?? {}),
  };
}

async function* readArrowIpc(path: string, defaultSource: string | null, readOptions: SourceReadOptions): AsyncGenerator<RecordBatch> {
  await registerArrowZstdCodec();
  const handle = await open(path);
  try {
    let reader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (error) {
      throw new InputError({ code: 'invalid_arrow', message: `not a readable Arrow IPC file or stream (${(error as Error).message})`, location: { file: path }, cause: error });
    }
    let rowBase = 0;
    const batchSize = Math.max(1, readOptions.batchSize ?? 8192);
    for await (const batch of reader) {
      readOptions.signal?.throwIfAborted();
      if (hasDocumentColumns(batch.schema) && batch.getChildAt(1)!.nullCount === 0) {
        const documents = new RecordBatch(documentSchema, batch.data);
        // Slices share the buffers: no copy, and batches never exceed the requested size.
        for (let start = 0; start < documents.numRows; start += batchSize) yield start === 0 && documents.numRows <= batchSize ? documents : documents.slice(start, start + batchSize);
      } else {
        const builder = new DocumentBatchBuilder();
        for (let row = 0; row < batch.numRows; row++) {
          appendTableRow(builder, batch.get(row)?.toJSON(), path, rowBase + row + 1, defaultSource, readOptions);
          if (builder.rows >= batchSize) yield builder.finish();
        }
        if (builder.rows > 0) yield builder.finish();
      }
      rowBase += batch.numRows;
    }
  } finally {
    await handle.close();
  }
}

function hasDocumentColumns(schema: Schema): boolean {
  if (schema.fields.length !== documentSchema.fields.length) return false;
  return documentSchema.fields.every((field, index) => {
    const actual = schema.fields[index]!;
    return actual.name === field.name && actual.type instanceof Utf8;
  });
}
