import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDocuments } from '@oellm/conformance';
import { describeDocumentSinkConformance, describeDocumentSourceConformance, describeDocumentStageConformance } from '@oellm/conformance/vitest';
import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { beforeAll } from 'vitest';
import {
  createArrowIpcSource,
  createDatasetSink,
  createExactDedupStage,
  createJsonlSource,
  createMinhashDedupStage,
  createParquetSource,
  createPiiMaskingStage,
  createQualityFilterStage,
  openDocumentSource,
} from '../src/index.js';
import { duckdb, quoted } from './duckdb.js';
import { readAll, temporaryDirectory, zstdCli } from './helpers.js';

describeDocumentStageConformance('exact-dedup', () => createExactDedupStage());
describeDocumentStageConformance('minhash-dedup', () => createMinhashDedupStage());
describeDocumentStageConformance('quality-filter', () => createQualityFilterStage());
describeDocumentStageConformance('pii-masking', () => createPiiMaskingStage());

const directory = temporaryDirectory();
// Through Arrow once: UTF-8 has no lone surrogates (they become U+FFFD), and DuckDB rejects them in JSON.
const documents = recordBatchToDocuments(documentsToRecordBatch(conformanceDocuments()));
const jsonl = join(directory, 'conformance.jsonl');
const paths = { zst: `${jsonl}.zst`, parquet: join(directory, 'conformance.parquet'), arrow: join(directory, 'conformance.arrow'), broken: join(directory, 'broken.jsonl') };

beforeAll(async () => {
  writeFileSync(jsonl, documents.map((document) => JSON.stringify(document)).join('\n') + '\n');
  zstdCli(jsonl, paths.zst);
  // Reference writers: DuckDB for Parquet, apache-arrow for IPC.
  await duckdb(`COPY (SELECT id, text, lang, source, url FROM read_json(${quoted(jsonl)}, columns = {id: 'VARCHAR', text: 'VARCHAR', lang: 'VARCHAR', source: 'VARCHAR', url: 'VARCHAR'})) TO ${quoted(paths.parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 7)`);
  writeFileSync(paths.arrow, tableToIPC(tableFromArrays({ id: documents.map((document) => document.id), text: documents.map((document) => document.text), lang: documents.map((document) => document.lang) }), 'file'));
  writeFileSync(paths.broken, '{"text":"fine"}\n{"text": broken\n{"id":"x"}\n{"text":"also fine"}\n');
});

describeDocumentSourceConformance('JSONL.zst reader', () => createJsonlSource(paths.zst), { expectedDocuments: documents.length, malformed: { createSource: () => createJsonlSource(paths.broken), quarantined: 2 } });
describeDocumentSourceConformance('Parquet reader', () => createParquetSource(paths.parquet), { expectedDocuments: documents.length });
describeDocumentSourceConformance('Arrow IPC reader', () => createArrowIpcSource(paths.arrow), { expectedDocuments: documents.length });
describeDocumentSourceConformance('openDocumentSource (a glob)', () => openDocumentSource([join(directory, 'conformance.jsonl.z*')]), { expectedDocuments: documents.length });

const readBack = async (output: string) => (await readAll(await openDocumentSource([output]))).documents;
for (const format of ['parquet', 'arrow', 'jsonl'] as const) {
  describeDocumentSinkConformance(`dataset sink (${format})`, (output) => createDatasetSink(output, { format, maxRowsPerShard: 16 }), { readBack });
}
