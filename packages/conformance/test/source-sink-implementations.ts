import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { InputError, type Document, type DocumentSinkV1, type DocumentSourceV1 } from '@oellm/core';
import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import { conformanceDocuments } from '../src/index.js';

// An in-memory source and a JSON-file sink that conform, and broken variants that each break one rule.

export function arraySource(documents: Document[] = conformanceDocuments(), overrides: Partial<DocumentSourceV1> = {}): DocumentSourceV1 {
  return {
    specificationVersion: 'v1',
    name: 'array',
    async *batches(options = {}) {
      const size = options.batchSize ?? 8192;
      for (let start = 0; start < documents.length; start += size) {
        options.signal?.throwIfAborted();
        yield documentsToRecordBatch(documents.slice(start, start + size));
      }
    },
    async countRows() {
      return documents.length;
    },
    ...overrides,
  };
}

/** Reads lines of JSON; "bad" lines are quarantined, or thrown in strict mode. */
export function linesSource(lines: string[], quarantineBadLines = true): DocumentSourceV1 {
  return {
    specificationVersion: 'v1',
    name: 'lines',
    async *batches(options = {}) {
      const documents: Document[] = [];
      lines.forEach((line, index) => {
        try {
          documents.push({ id: String(index), text: (JSON.parse(line) as { text: string }).text, lang: null, source: null, url: null, metadata: null });
        } catch {
          if (!quarantineBadLines) return;
          if (!options.quarantine) throw new InputError({ code: 'invalid_json', message: 'bad', location: { file: 'lines', line: index + 1 } });
          options.quarantine({ file: 'lines', line: index + 1, reason: 'invalid_json' });
        }
      });
      yield documentsToRecordBatch(documents);
    },
  };
}

export function jsonSink(directory: string, overrides: { misreportRows?: boolean; wrongHash?: boolean } = {}): DocumentSinkV1 {
  const documents: Document[] = [];
  return {
    specificationVersion: 'v1',
    name: 'json-file',
    async write(batch) {
      documents.push(...recordBatchToDocuments(batch));
    },
    async close() {
      const text = JSON.stringify(documents);
      await writeFile(join(directory, 'all.json'), text);
      const sha256 = overrides.wrongHash ? '0'.repeat(64) : createHash('sha256').update(text).digest('hex');
      return { rows: overrides.misreportRows ? documents.length - 1 : documents.length, files: [{ path: 'all.json', bytes: Buffer.byteLength(text), sha256, rows: documents.length }] };
    },
  };
}

export async function readJsonSink(directory: string): Promise<Document[]> {
  return JSON.parse(await readFile(join(directory, 'all.json'), 'utf8')) as Document[];
}
