import { InputError, type DocumentSource, type ManifestFile, type ManifestReference, type SourceReadOptions } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import { quarantinePathFor, withQuarantine } from '../datasets/quarantine-file.js';
import { createLanguageSampler, planLanguageSampling, type LanguageSamplingPlan } from './language-balancing.js';
import { sentencePieceTrainer, type SentencePieceTrainingOptions } from './sentencepiece-trainer.js';
import type { TrainFromFilesResult } from './train-from-files.js';
import { defaultRandomSeed } from './seeded-random.js';
import { writeTrainedModel } from './write-trained-model.js';

/**
 * The language of documents whose `lang` is null (BCP 47 "undetermined").
 *
 * @example
 * ```ts
 * import { undeterminedLanguage } from '@oellm/tokenizer';
 * const language = document.lang ?? undeterminedLanguage; // 'und' when the dataset did not say
 * ```
 */
export const undeterminedLanguage = 'und';

/** Options of {@link trainFromDocumentSource}: the trainer's, language sampling and provenance. */
export interface DocumentSourceTrainingOptions extends SentencePieceTrainingOptions {
  /** Balance languages (by each document's `lang`): p_lang ∝ n_lang^alpha over sentences. Omit to train on every sentence once. */
  languageSamplingAlpha?: number;
  /** Sentences after sampling (default: as many as the source holds); needs `languageSamplingAlpha`. */
  languageSamplingTotal?: number;
  /** Seed of the language sampling (default: the trainer's `randomSeed`, whose default is 12345678). */
  languageSamplingSeed?: number;
  /** The files the source reads (a dataset's shards), recorded as the manifest's inputs. */
  inputs?: readonly ManifestFile[];
  /** Manifests of the input artifacts (a dataset directory's `manifest.json`), so manifests chain. */
  parents?: readonly ManifestReference[];
  /**
   * Records the source cannot read are written to `PREFIX.quarantine.jsonl` and counted (default).
   * `true` stops the run with the source's InputError at the first one instead.
   */
  strict?: boolean;
}

/** What {@link trainFromDocumentSource} wrote, read and sampled. */
export interface DocumentSourceTrainingResult extends TrainFromFilesResult {
  /** Documents read (quarantined records not included). */
  documents: number;
  /** The sampling plan, when `languageSamplingAlpha` was given. */
  languages?: LanguageSamplingPlan[];
}

/** The non-empty lines of a text: the sentences spm_train would read from it, one per line. */
function* sentencesOf(text: string): Generator<string> {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) yield text.slice(start, end);
    start = end + 1;
  }
}

/** Each document's text and language, batch by batch. */
async function* documentsOf(source: DocumentSource, options: SourceReadOptions, onBatch?: (rows: number) => void): AsyncGenerator<{ text: string; language: string }> {
  for await (const batch of source.batches(options) as AsyncIterable<RecordBatch>) {
    onBatch?.(batch.numRows);
    const text = batch.getChild('text');
    const lang = batch.getChild('lang');
    for (let row = 0; row < batch.numRows; row++) {
      yield { text: (text?.get(row) as string | null | undefined) ?? '', language: (lang?.get(row) as string | null | undefined) ?? undeterminedLanguage };
    }
  }
}

function validateSampling(alpha: number | undefined, total: number | undefined): void {
  if (alpha !== undefined && !(alpha >= 0 && alpha <= 1)) throw new InputError({ code: 'invalid_options', message: `languageSamplingAlpha must be between 0 and 1, not ${alpha}`, location: { field: 'languageSamplingAlpha' } });
  if (total === undefined) return;
  if (alpha === undefined) throw new InputError({ code: 'invalid_options', message: 'languageSamplingTotal needs languageSamplingAlpha', location: { field: 'languageSamplingTotal' } });
  if (!(Number.isSafeInteger(total) && total > 0)) throw new InputError({ code: 'invalid_options', message: `languageSamplingTotal must be a positive integer, not ${total}`, location: { field: 'languageSamplingTotal' } });
}

/**
 * Trains on the text of every document of a core `DocumentSource` — `@oellm/dataset`'s
 * `openDocumentSource` over a dataset directory's shards, so `oellm data ingest`'s output trains
 * directly. Each line of a document is a sentence, as if the texts were written to a file for
 * spm_train (the same sentences give the same model as {@link trainFromFiles}).
 *
 * With `languageSamplingAlpha`, languages are balanced by each document's `lang` column (null:
 * `und`) in two streaming passes, never holding the corpus: the first counts each language's
 * sentences n_lang, the second trains on round(p_lang × total) of them (p_lang ∝ n_lang^alpha;
 * whole passes over a small language, then a uniform random subset). The source must give the
 * same documents both times (DocumentSources are re-iterable).
 *
 * Records the source cannot read are quarantined to `PREFIX.quarantine.jsonl` and counted (pass
 * `strict: true` to stop at the first). Writes `PREFIX.model`, `PREFIX.vocab` and
 * `PREFIX.manifest.json` (inputs, parents, `documents`, `quarantined`, per-language
 * `available:LANG` / `sampled:LANG` counts).
 *
 * @example
 * ```ts
 * import { openDocumentSource } from '@oellm/dataset';
 * import { trainFromDocumentSource } from '@oellm/tokenizer';
 * const source = await openDocumentSource(['data/eu/']);
 * const result = await trainFromDocumentSource(source, 'out/eu', { vocabularySize: 32000, modelType: 'bpe', languageSamplingAlpha: 0.3 });
 * console.log(result.languages, result.quarantined);
 * ```
 */
export async function trainFromDocumentSource(source: DocumentSource, pathPrefix: string, options: DocumentSourceTrainingOptions): Promise<DocumentSourceTrainingResult> {
  const startedAt = Date.now();
  const { languageSamplingAlpha: alpha, languageSamplingTotal: totalSentences, languageSamplingSeed: seed, inputs = [], parents, strict = false, ...trainerOptions } = options;
  validateSampling(alpha, totalSentences);
  const signal = trainerOptions.signal;
  let documents = 0;
  let plan: LanguageSamplingPlan[] | undefined;
  const { result: trained, ...quarantined } = await withQuarantine(quarantinePathFor(pathPrefix), strict, async (quarantine) => {
    // The first pass over the source quarantines bad records; a second one skips the same records.
    const readOptions = (pass: 'first' | 'second'): SourceReadOptions => ({
      ...(signal ? { signal } : {}),
      ...(quarantine ? { quarantine: pass === 'first' ? quarantine : () => {} } : {}),
    });
    if (alpha === undefined) {
      async function* sentences(): AsyncGenerator<string> {
        for await (const { text } of documentsOf(source, readOptions('first'))) {
          documents++;
          yield* sentencesOf(text);
        }
      }
      return sentencePieceTrainer.trainModel(sentences(), trainerOptions);
    }
    const counts: Record<string, number> = {};
    // The counting pass reads the whole source before training starts: show it progressing.
    const progress = trainerOptions.progress;
    const rowCount = await source.countRows?.();
    progress?.({ type: 'start', task: 'count-languages', unit: 'documents', ...(rowCount !== undefined ? { total: rowCount } : {}), label: 'counting sentences per language' });
    let read = 0;
    const advance = (rows: number): void => {
      read += rows;
      progress?.({ type: 'advance', task: 'count-languages', completed: read });
    };
    for await (const { text, language } of documentsOf(source, readOptions('first'), advance)) {
      documents++;
      let sentences = counts[language] ?? 0;
      for (const _ of sentencesOf(text)) sentences++;
      counts[language] = sentences;
    }
    progress?.({ type: 'end', task: 'count-languages' });
    const sampling = planLanguageSampling(counts, totalSentences === undefined ? { alpha } : { alpha, totalSentences });
    plan = sampling;
    async function* sampled(): AsyncGenerator<string> {
      const copiesOf = createLanguageSampler(sampling, { seed: seed ?? trainerOptions.randomSeed ?? defaultRandomSeed });
      for await (const { text, language } of documentsOf(source, readOptions('second'))) {
        for (const sentence of sentencesOf(text)) for (let copies = copiesOf(language); copies > 0; copies--) yield sentence;
      }
    }
    return sentencePieceTrainer.trainModel(sampled(), trainerOptions);
  });
  const { model, statistics } = trained;
  const recordedOptions = { ...trainerOptions, ...(alpha === undefined ? {} : { languageSamplingAlpha: alpha }), ...(totalSentences === undefined ? {} : { languageSamplingTotal: totalSentences }), ...(seed === undefined ? {} : { languageSamplingSeed: seed }), strict };
  const files = await writeTrainedModel(pathPrefix, model, {
    startedAt,
    options: recordedOptions,
    inputs,
    ...(parents ? { parents } : {}),
    otherOutputs: quarantined.outputs,
    counts: {
      ...statistics,
      skippedInvalidUtf8: 0,
      documents,
      ...quarantined.counts,
      ...Object.fromEntries((plan ?? []).flatMap(({ language, available, sampled }) => [[`available:${language}`, available], [`sampled:${language}`, sampled]])),
    },
  });
  return {
    ...files,
    // Arrow strings are always valid UTF-8: nothing is skipped for its encoding here.
    statistics: { ...statistics, skippedInvalidUtf8: 0 },
    documents,
    quarantined: quarantined.quarantined,
    ...(quarantined.quarantinePath ? { quarantine: quarantined.quarantinePath } : {}),
    ...(plan ? { languages: plan } : {}),
  };
}
