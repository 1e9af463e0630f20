import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordBatchToDocuments } from '@oellm/core/arrow';
import { tableFromArrays, tableToIPC, RecordBatchStreamWriter } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createArrowIpcSource, createParquetSource, readParquetRecords } from '../src/index.js';
import { duckdb, quoted } from './duckdb.js';
import { readAll, sampleDocuments, temporaryDirectory } from './helpers.js';

describe('Parquet reader', () => {
  it('reads a FineWeb-2-style Parquet file written by DuckDB (zstd, several row groups)', async () => {
    const directory = temporaryDirectory();
    const jsonl = join(directory, 'in.jsonl');
    const documents = sampleDocuments(40);
    writeFileSync(jsonl, documents.map((document, index) => JSON.stringify({ text: document.text, id: document.id, url: document.url, language: `${{ mt: 'mlt', ga: 'gle', el: 'ell', bg: 'bul', de: 'deu' }[document.lang!]}_${document.lang === 'el' ? 'Grek' : document.lang === 'bg' ? 'Cyrl' : 'Latn'}`, language_score: 0.5 + index / 1000, dump: 'CC-MAIN-2024-10' })).join('\n'));
    const parquet = join(directory, 'fineweb2.parquet');
    await duckdb(`COPY (SELECT * FROM read_json(${quoted(jsonl)})) TO ${quoted(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 50)`);
    const { documents: read, quarantined } = await readAll(createParquetSource(parquet));
    expect(quarantined).toEqual([]);
    expect(read.map((document) => [document.id, document.text, document.lang, document.url])).toEqual(documents.map((document) => [document.id, document.text, document.lang, document.url]));
    expect(read[0]!.metadata).toEqual({ language_score: 0.5, dump: 'CC-MAIN-2024-10' });
  });

  it('quarantines rows without text as missing_text with their row number', async () => {
    const directory = temporaryDirectory();
    const parquet = join(directory, 'nulls.parquet');
    await duckdb(`COPY (SELECT * FROM (VALUES ('a', 'first'), ('b', NULL), ('c', 'third')) AS t(id, text)) TO ${quoted(parquet)} (FORMAT parquet)`);
    const { documents, quarantined } = await readAll(createParquetSource(parquet));
    expect(documents.map((document) => document.id)).toEqual(['a', 'c']);
    expect(quarantined.map(({ line, reason }) => ({ line, reason }))).toEqual([{ line: 2, reason: 'missing_text' }]);
  });
});

describe('readParquetRecords', () => {
  it('reads any table written by DuckDB as plain rows, across row groups', async () => {
    const directory = temporaryDirectory();
    const parquet = join(directory, 'belebele.parquet');
    await duckdb(
      `COPY (SELECT i AS question_number, 'Question ' || i AS question, 'yes' AS mc_answer1, 'no' AS mc_answer2, (i % 2) + 1 AS correct_answer_num FROM range(1, 8) t(i)) TO ${quoted(parquet)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 3)`,
    );
    const rows = [];
    for await (const row of readParquetRecords(parquet, { batchSize: 2 })) rows.push(row);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({ question_number: 1n, question: 'Question 1', mc_answer1: 'yes', mc_answer2: 'no', correct_answer_num: 2n });
    expect(rows.map((row) => row['question'])).toEqual(['Question 1', 'Question 2', 'Question 3', 'Question 4', 'Question 5', 'Question 6', 'Question 7']);
  });

  it('names the file when it is not Parquet', async () => {
    const directory = temporaryDirectory();
    const path = join(directory, 'not.parquet');
    writeFileSync(path, 'hello');
    const reading = (async () => {
      for await (const row of readParquetRecords(path)) void row;
    })();
    await expect(reading).rejects.toThrow(/not\.parquet: not a readable Parquet file/);
  });
});

describe('Arrow IPC reader', () => {
  const documents = sampleDocuments(10);
  const table = tableFromArrays({
    id: documents.map((document) => document.id),
    text: documents.map((document) => document.text),
    lang: documents.map((document) => document.lang),
    extra: documents.map((_, index) => index),
  });

  it('reads the IPC file and stream formats written by apache-arrow', async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, 'a.arrow'), tableToIPC(table, 'file'));
    writeFileSync(join(directory, 'a.arrows'), tableToIPC(table, 'stream'));
    for (const name of ['a.arrow', 'a.arrows']) {
      const { documents: read } = await readAll(createArrowIpcSource(join(directory, name)));
      expect(read.map((document) => [document.id, document.text, document.lang])).toEqual(documents.map((document) => [document.id, document.text, document.lang]));
      expect(read[3]!.metadata).toEqual({ extra: 3 });
    }
  });

  it('passes batches already in the document schema through unchanged', async () => {
    const directory = temporaryDirectory();
    const { documentsToRecordBatch } = await import('@oellm/core/arrow');
    const batch = documentsToRecordBatch(documents);
    const path = join(directory, 'documents.arrows');
    writeFileSync(path, RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true));
    const read = [];
    for await (const readBatch of createArrowIpcSource(path).batches()) read.push(...recordBatchToDocuments(readBatch));
    expect(read).toEqual(documents);
  });
});
