import { conformanceDocuments } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import { documentSinkChecks, documentSourceChecks, runConformanceChecks, type ConformanceCheck } from '../src/index.js';
import { arraySource, jsonSink, linesSource, readJsonSink } from './source-sink-implementations.js';
import { documentsToRecordBatch } from '@oellm/core/arrow';

async function failedRules(checks: ConformanceCheck[]): Promise<string[]> {
  return (await runConformanceChecks(checks)).filter((result) => !result.passed).map((result) => result.name);
}

const documents = conformanceDocuments().map((document, index) => ({ ...document, id: `${index}` }));
const malformed = { createSource: () => linesSource(['{"text":"a"}', 'oops', '{"text":"b"}']), quarantined: 1 };

describe('DocumentSource checks', () => {
  it('pass for a conforming source', async () => {
    expect(await failedRules(documentSourceChecks(() => arraySource(documents), { expectedDocuments: documents.length, malformed }))).toEqual([]);
  });

  it('fail a source that ignores batchSize or the abort signal', async () => {
    const ignoresBatchSize = arraySource(documents, {
      async *batches() {
        yield documentsToRecordBatch(documents);
      },
    });
    expect(await failedRules(documentSourceChecks(() => ignoresBatchSize))).toEqual(['never returns batches larger than batchSize, and no empty batches', 'stops when the abort signal is aborted']);
  });

  it('fail a source with duplicate ids, a wrong countRows, or a one-shot iterator', async () => {
    expect(await failedRules(documentSourceChecks(() => arraySource([...documents, documents[0]!])))).toEqual(['gives unique ids']);
    expect(await failedRules(documentSourceChecks(() => arraySource(documents, { countRows: async () => 3 })))).toEqual(['countRows (if present) equals the documents read']);
    let used = false;
    const oneShot = arraySource(documents);
    const batches = oneShot.batches.bind(oneShot);
    const once = { ...oneShot, batches: (options?: Parameters<typeof batches>[0]) => (used ? arraySource([]).batches(options) : ((used = true), batches(options))) };
    expect(await failedRules(documentSourceChecks(() => once, { expectedDocuments: documents.length }))).toContain('is re-iterable: reading twice gives the same documents in the same order');
  });

  it('fail a source that drops bad records silently', async () => {
    const silent = { createSource: () => linesSource(['{"text":"a"}', 'oops'], false), quarantined: 1 };
    expect(await failedRules(documentSourceChecks(() => arraySource(documents), { malformed: silent }))).toEqual([
      'quarantines bad records with file and reason instead of dropping them',
      'throws an InputError at the first bad record when no quarantine is given (strict)',
    ]);
  });
});

describe('DocumentSink checks', () => {
  it('pass for a conforming sink', async () => {
    expect(await failedRules(documentSinkChecks((directory) => jsonSink(directory), { readBack: readJsonSink }))).toEqual([]);
  });

  it('fail a sink that misreports rows or hashes', async () => {
    expect(await failedRules(documentSinkChecks((directory) => jsonSink(directory, { misreportRows: true })))).toContain('reports every row written and lists complete files with their size and sha256');
    expect(await failedRules(documentSinkChecks((directory) => jsonSink(directory, { wrongHash: true })))).toEqual(['reports every row written and lists complete files with their size and sha256']);
  });

  it('fail a sink that does not round-trip', async () => {
    const lossy = async (directory: string) => (await readJsonSink(directory)).map((document) => ({ ...document, text: document.text.trim() }));
    expect(await failedRules(documentSinkChecks((directory) => jsonSink(directory), { readBack: lossy }))).toEqual(['round-trips documents (if readBack is given)']);
  });
});
