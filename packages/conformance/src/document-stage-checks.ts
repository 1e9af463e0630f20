import { languages, type Document, type DocumentStageV1, type StageResult } from '@oellm/core';
import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import type { RecordBatch } from 'apache-arrow';
import { requireThat, type ConformanceCheck } from './conformance-check.js';
import { languageSamples } from './language-samples.js';
import { trickyTexts } from './tricky-texts.js';

/**
 * Options of {@link documentStageChecks}.
 *
 * @example
 * ```ts
 * import { documentStageChecks, type DocumentStageCheckOptions } from '@oellm/conformance';
 * const options: DocumentStageCheckOptions = { batches: [myCorpusSample] };
 * documentStageChecks(() => createMyStage(), options);
 * ```
 */
export interface DocumentStageCheckOptions {
  /** Extra batches to run the stage on, in the document schema (e.g. your corpus' own quirks). */
  batches?: RecordBatch[];
}

const reasonPattern = /^[a-z0-9][a-z0-9_.:-]*$/;

/**
 * The documents every stage is run on: a sentence per registry language plus tricky texts.
 *
 * @example
 * ```ts
 * import { conformanceDocuments } from '@oellm/conformance';
 * import { documentsToRecordBatch } from '@oellm/core/arrow';
 * const batch = documentsToRecordBatch(conformanceDocuments());
 * ```
 */
export function conformanceDocuments(): Document[] {
  const documents: Document[] = languages
    .filter((language) => languageSamples[language.code])
    .map((language) => ({ id: `sample-${language.code}`, text: languageSamples[language.code]!, lang: language.code, source: 'conformance', url: null, metadata: null }));
  for (const [name, text] of Object.entries(trickyTexts)) documents.push({ id: `tricky-${name}`, text, lang: null, source: 'conformance', url: null, metadata: { case: name } });
  // Exact and near duplicates, for dedup stages.
  documents.push({ ...documents[0]!, id: 'duplicate-of-first' });
  return documents;
}

function idsOf(batch: RecordBatch): string[] {
  return recordBatchToDocuments(batch).map((document) => document.id);
}

async function runStage(stage: DocumentStageV1, batch: RecordBatch): Promise<StageResult> {
  const result = await stage.process(batch, {});
  requireThat(result && typeof result === 'object' && result.kept && Array.isArray(result.dropped), 'process() must return { kept: RecordBatch, dropped: DroppedDocuments[] }');
  return result;
}

/**
 * The checks every `DocumentStage` must pass. `createStage` is called once per check, so
 * stateful stages (dedup) start fresh.
 *
 * @example
 * ```ts
 * import { documentStageChecks, runConformanceChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(documentStageChecks(() => createMyStage()));
 * ```
 */
export function documentStageChecks(createStage: () => DocumentStageV1 | Promise<DocumentStageV1>, options: DocumentStageCheckOptions = {}): ConformanceCheck[] {
  const batches = () => [documentsToRecordBatch(conformanceDocuments()), ...(options.batches ?? [])];
  return [
    {
      name: 'declares specificationVersion "v1" and a kebab-case name',
      async run() {
        const stage = await createStage();
        requireThat(stage.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: stage.specificationVersion });
        requireThat(typeof stage.name === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(stage.name), 'name must be a kebab-case string', { got: stage.name });
      },
    },
    {
      name: 'accounts for every input row exactly once, as kept or dropped with a reason',
      async run() {
        const stage = await createStage();
        for (const batch of batches()) {
          const result = await runStage(stage, batch);
          const inputIds = idsOf(batch).sort();
          const outputIds = [...idsOf(result.kept), ...result.dropped.flatMap((group) => idsOf(group.documents))].sort();
          requireThat(outputIds.length === inputIds.length, 'kept + dropped rows must equal input rows', {
            input: inputIds.length,
            kept: result.kept.numRows,
            dropped: result.dropped.reduce((sum, group) => sum + group.documents.numRows, 0),
          });
          requireThat(JSON.stringify(outputIds) === JSON.stringify(inputIds), 'every input id must come out exactly once (kept or dropped), and no other id', {
            missing: inputIds.filter((id) => !outputIds.includes(id)).slice(0, 5),
            unexpected: outputIds.filter((id) => !inputIds.includes(id)).slice(0, 5),
          });
        }
        await stage.finish?.();
      },
    },
    {
      name: 'gives every dropped group a reason code',
      async run() {
        const stage = await createStage();
        for (const batch of batches()) {
          for (const group of (await runStage(stage, batch)).dropped) {
            requireThat(typeof group.reason === 'string' && reasonPattern.test(group.reason), 'a drop reason must be a lowercase code such as "too_short" or "dedup:exact"', { got: group.reason });
            requireThat(group.documents.numRows > 0, 'a dropped group must not be empty', { reason: group.reason });
          }
        }
      },
    },
    {
      name: 'keeps the document schema columns',
      async run() {
        const stage = await createStage();
        const batch = batches()[0]!;
        const result = await runStage(stage, batch);
        for (const output of [result.kept, ...result.dropped.map((group) => group.documents)]) {
          const names = output.schema.fields.map((field) => field.name);
          for (const field of batch.schema.fields) requireThat(names.includes(field.name), 'output batches must keep every input column', { missing: field.name });
        }
      },
    },
    {
      name: 'handles an empty batch',
      async run() {
        const stage = await createStage();
        const result = await runStage(stage, documentsToRecordBatch([]));
        const dropped = result.dropped.reduce((sum, group) => sum + group.documents.numRows, 0);
        requireThat(result.kept.numRows === 0 && dropped === 0, 'an empty batch gives no rows', { kept: result.kept.numRows, dropped });
      },
    },
  ];
}
