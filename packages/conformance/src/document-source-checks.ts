import { InputError, type Document, type DocumentSourceV1, type QuarantineRecord } from '@oellm/core';
import { recordBatchToDocuments } from '@oellm/core/arrow';
import type { RecordBatch } from 'apache-arrow';
import { requireThat, type ConformanceCheck } from './conformance-check.js';

/**
 * Options of {@link documentSourceChecks}.
 *
 * @example
 * ```ts
 * import type { DocumentSourceCheckOptions } from '@oellm/conformance';
 * const options: DocumentSourceCheckOptions = { expectedDocuments: 120, malformed: { createSource: () => openBroken(), quarantined: 3 } };
 * ```
 */
export interface DocumentSourceCheckOptions {
  /** How many documents the source holds, if known. */
  expectedDocuments?: number;
  /** A source over input with bad records, and how many it must quarantine. */
  malformed?: { createSource: () => DocumentSourceV1 | Promise<DocumentSourceV1>; quarantined: number };
}

const documentColumnNames = ['id', 'text', 'lang', 'source', 'url', 'metadata'];

async function collect(source: DocumentSourceV1, options: Parameters<DocumentSourceV1['batches']>[0] = {}): Promise<{ batches: RecordBatch[]; documents: Document[] }> {
  const batches: RecordBatch[] = [];
  for await (const batch of source.batches(options)) batches.push(batch);
  return { batches, documents: batches.flatMap((batch) => recordBatchToDocuments(batch)) };
}

/**
 * The checks every `DocumentSource` must pass. `createSource` is called once per check.
 *
 * @example
 * ```ts
 * import { documentSourceChecks, runConformanceChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(documentSourceChecks(() => createMySource('corpus.jsonl')));
 * ```
 */
export function documentSourceChecks(createSource: () => DocumentSourceV1 | Promise<DocumentSourceV1>, options: DocumentSourceCheckOptions = {}): ConformanceCheck[] {
  const checks: ConformanceCheck[] = [
    {
      name: 'declares specificationVersion "v1" and a name',
      async run() {
        const source = await createSource();
        requireThat(source.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: source.specificationVersion });
        requireThat(typeof source.name === 'string' && source.name !== '', 'name must be a non-empty string', { got: source.name });
      },
    },
    {
      name: 'yields record batches in the document schema with string ids and texts',
      async run() {
        const { batches } = await collect(await createSource(), { quarantine: () => {} });
        for (const batch of batches) {
          const names = batch.schema.fields.map((field) => field.name);
          requireThat(documentColumnNames.every((name) => names.includes(name)), 'every batch must have the document columns', { columns: names });
          const ids = batch.getChild('id')!;
          const texts = batch.getChild('text')!;
          const metadata = batch.getChild('metadata')!;
          for (let row = 0; row < batch.numRows; row++) {
            requireThat(typeof ids.get(row) === 'string' && ids.get(row) !== '', 'id must be a non-empty string', { row });
            requireThat(typeof texts.get(row) === 'string', 'text must be a string, never null', { row, id: ids.get(row) });
            const value = metadata.get(row) as string | null;
            if (value !== null) {
              let parsed: unknown;
              try {
                parsed = JSON.parse(value);
              } catch {
                requireThat(false, 'metadata must be null or a JSON object text', { row, metadata: value.slice(0, 80) });
              }
              requireThat(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed), 'metadata must be null or a JSON object text', { row });
            }
          }
        }
      },
    },
    {
      name: 'is re-iterable: reading twice gives the same documents in the same order',
      async run() {
        const source = await createSource();
        const first = await collect(source, { quarantine: () => {} });
        const second = await collect(source, { quarantine: () => {} });
        requireThat(JSON.stringify(first.documents) === JSON.stringify(second.documents), 'a second read must give the same documents', { first: first.documents.length, second: second.documents.length });
        if (options.expectedDocuments !== undefined) requireThat(first.documents.length === options.expectedDocuments, 'the source must give every document', { expected: options.expectedDocuments, got: first.documents.length });
      },
    },
    {
      name: 'gives unique ids',
      async run() {
        const { documents } = await collect(await createSource(), { quarantine: () => {} });
        const ids = new Set(documents.map((document) => document.id));
        requireThat(ids.size === documents.length, 'ids must be unique within a source', { documents: documents.length, distinct: ids.size });
      },
    },
    {
      name: 'never returns batches larger than batchSize, and no empty batches',
      async run() {
        const { batches, documents } = await collect(await createSource(), { batchSize: 3, quarantine: () => {} });
        requireThat(batches.every((batch) => batch.numRows <= 3), 'batches must hold at most batchSize rows', { sizes: batches.map((batch) => batch.numRows).slice(0, 10) });
        requireThat(batches.every((batch) => batch.numRows > 0), 'batches must not be empty');
        const { documents: unbatched } = await collect(await createSource(), { quarantine: () => {} });
        requireThat(JSON.stringify(documents) === JSON.stringify(unbatched), 'the batch size must not change the documents');
      },
    },
    {
      name: 'stops when the abort signal is aborted',
      async run() {
        const controller = new AbortController();
        controller.abort(new Error('stop'));
        let threw = false;
        try {
          await collect(await createSource(), { signal: controller.signal, quarantine: () => {} });
        } catch {
          threw = true;
        }
        requireThat(threw, 'reading with an aborted signal must reject');
      },
    },
    {
      name: 'countRows (if present) equals the documents read',
      async run() {
        const source = await createSource();
        if (!source.countRows) return;
        const counted = await source.countRows();
        if (counted === undefined) return;
        const { documents } = await collect(source, { quarantine: () => {} });
        requireThat(counted === documents.length, 'countRows must match the documents read', { counted, read: documents.length });
      },
    },
  ];
  const malformed = options.malformed;
  if (malformed) {
    checks.push(
      {
        name: 'quarantines bad records with file and reason instead of dropping them',
        async run() {
          const quarantined: QuarantineRecord[] = [];
          await collect(await malformed.createSource(), { quarantine: (record) => quarantined.push(record) });
          requireThat(quarantined.length === malformed.quarantined, 'every bad record must be quarantined', { expected: malformed.quarantined, got: quarantined.length });
          for (const record of quarantined) {
            requireThat(typeof record.file === 'string' && record.file !== '', 'a quarantine record must name the file', { record });
            requireThat(/^[a-z0-9][a-z0-9_.:-]*$/.test(record.reason), 'a quarantine reason must be a lowercase code such as "invalid_json"', { record });
            requireThat(record.line !== undefined || record.offset !== undefined, 'a quarantine record must give a line or an offset', { record });
          }
        },
      },
      {
        name: 'throws an InputError at the first bad record when no quarantine is given (strict)',
        async run() {
          let error: unknown;
          try {
            await collect(await malformed.createSource());
          } catch (caught) {
            error = caught;
          }
          requireThat(InputError.isInstance(error), 'strict reading must throw an InputError', { got: String(error) });
        },
      },
    );
  }
  return checks;
}
