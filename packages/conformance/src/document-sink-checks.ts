import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { createHash } from 'node:crypto';
import { type Document, type DocumentSinkV1 } from '@oellm/core';
import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import { requireThat, type ConformanceCheck } from './conformance-check.js';
import { conformanceDocuments } from './document-stage-checks.js';

/**
 * Options of {@link documentSinkChecks}.
 *
 * @example
 * ```ts
 * import type { DocumentSinkCheckOptions } from '@oellm/conformance';
 * const options: DocumentSinkCheckOptions = { readBack: (directory) => readMyShards(directory) };
 * ```
 */
export interface DocumentSinkCheckOptions {
  /** Reads back what the sink wrote into `directory`, in order: enables the round-trip check. */
  readBack?: (directory: string) => Promise<Document[]>;
}

async function writeAll(sink: DocumentSinkV1, documents: Document[], batchRows: number) {
  for (let start = 0; start < documents.length; start += batchRows) await sink.write(documentsToRecordBatch(documents.slice(start, start + batchRows)));
  return sink.close();
}

/**
 * The checks every `DocumentSink` must pass. `createSink(directory)` is called once per check
 * with a fresh empty directory; relative file paths in the summary are taken relative to it.
 *
 * @example
 * ```ts
 * import { documentSinkChecks, runConformanceChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(documentSinkChecks((directory) => createMySink(directory)));
 * ```
 */
export function documentSinkChecks(createSink: (directory: string) => DocumentSinkV1 | Promise<DocumentSinkV1>, options: DocumentSinkCheckOptions = {}): ConformanceCheck[] {
  const fresh = () => mkdtemp(join(tmpdir(), 'oellm-sink-conformance-'));
  // Passed through Arrow once, so the expected texts are what a sink can receive (UTF-8: lone surrogates become U+FFFD).
  const documents = recordBatchToDocuments(documentsToRecordBatch(conformanceDocuments().map((document, index) => ({ ...document, id: `${document.id}-${index}` }))));
  return [
    {
      name: 'declares specificationVersion "v1" and a name',
      async run() {
        const sink = await createSink(await fresh());
        requireThat(sink.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: sink.specificationVersion });
        requireThat(typeof sink.name === 'string' && sink.name !== '', 'name must be a non-empty string');
        await sink.close();
      },
    },
    {
      name: 'reports every row written and lists complete files with their size and sha256',
      async run() {
        const directory = await fresh();
        const summary = await writeAll(await createSink(directory), documents, 7);
        requireThat(summary.rows === documents.length, 'close() must report the rows written', { written: documents.length, reported: summary.rows });
        for (const file of summary.files) {
          requireThat(typeof file.path === 'string', 'every file needs a path', { file });
          const path = isAbsolute(file.path!) ? file.path! : join(directory, file.path!);
          const info = await stat(path).catch(() => undefined);
          requireThat(info !== undefined, 'a listed file must exist when close() resolves', { path: file.path });
          requireThat(info!.size === file.bytes, 'a listed file must have the listed size', { path: file.path, listed: file.bytes, actual: info!.size });
          const sha256 = createHash('sha256').update(await readFile(path)).digest('hex');
          requireThat(sha256 === file.sha256, 'a listed file must have the listed sha256', { path: file.path });
        }
        const fileRows = summary.files.map((file) => file.rows);
        if (fileRows.every((rows) => rows !== undefined)) requireThat(fileRows.reduce((a, b) => a! + b!, 0) === documents.length, 'rows per file must add up to the rows written', { fileRows });
      },
    },
    {
      name: 'round-trips documents (if readBack is given)',
      async run() {
        if (!options.readBack) return;
        const directory = await fresh();
        await writeAll(await createSink(directory), documents, 5);
        const read = await options.readBack(directory);
        requireThat(read.length === documents.length, 'every written document must be read back', { written: documents.length, read: read.length });
        read.forEach((document, index) => requireThat(JSON.stringify(document) === JSON.stringify(documents[index]), 'documents must read back unchanged and in order', { index, expected: documents[index]!.id, got: document.id }));
      },
    },
    {
      name: 'closes cleanly with no rows and accepts empty batches',
      async run() {
        const sink = await createSink(await fresh());
        await sink.write(documentsToRecordBatch([]));
        const summary = await sink.close();
        requireThat(summary.rows === 0, 'an empty sink reports 0 rows', { rows: summary.rows });
      },
    },
  ];
}
