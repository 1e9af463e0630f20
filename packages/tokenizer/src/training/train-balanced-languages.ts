import { basename } from 'node:path';
import { describeFile, InputError } from '@oellm/core';
import { readLineBytes } from '../datasets/read-line-bytes.js';
import { planLanguageSampling, sampleLanguageLines, type LanguageSamplingPlan } from './language-balancing.js';
import { sentencePieceTrainer, type SentencePieceTrainingOptions } from './sentencepiece-trainer.js';
import type { TrainFromFilesResult } from './train-from-files.js';
import { writeTrainedModel } from './write-trained-model.js';

/** Options of {@link trainFromLanguageFiles}: the trainer's, plus the sampling temperature. */
export interface LanguageBalancedTrainingOptions extends SentencePieceTrainingOptions {
  /** alpha of p_lang ∝ n_lang^alpha: 1 keeps the corpus proportions, 0 gives every language the same share (XLM-R: 0.3). */
  languageSamplingAlpha: number;
  /** Sentences after sampling (default: as many as the files hold). */
  languageSamplingTotal?: number;
  languageSamplingSeed?: number;
}

/** What {@link trainFromLanguageFiles} wrote, counted and sampled. */
export interface LanguageBalancedTrainingResult extends TrainFromFilesResult {
  languages: LanguageSamplingPlan[];
}

/**
 * The language of a per-language text file: its name up to the first dot (`mt.txt` → `mt`,
 * `mlt_Latn.dev` → `mlt_Latn`, `de.part-2.txt` → `de`).
 *
 * @example
 * ```ts
 * languageOfFile('corpus/mlt_Latn.dev'); // 'mlt_Latn'
 * ```
 */
export function languageOfFile(path: string): string {
  return basename(path).split('.')[0]!;
}

// The sentences of a language's files: non-empty, valid UTF-8 lines (invalid ones are counted).
async function* languageLines(files: readonly string[], onInvalid: () => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const file of files) {
    for await (const bytes of readLineBytes(file)) {
      if (bytes.length === 0) continue;
      let line: string;
      try {
        line = decoder.decode(bytes);
      } catch {
        onInvalid();
        continue;
      }
      yield line;
    }
  }
}

/**
 * Trains on per-language text files with temperature sampling, so small languages are not
 * drowned by large ones: a first pass counts each language's sentences n_lang, the second streams
 * round(p_lang × total) of them into the trainer (p_lang ∝ n_lang^alpha; whole passes over a
 * small language, then a uniform random subset), never holding the corpus in memory. Writes
 * `PREFIX.model`, `PREFIX.vocab` and `PREFIX.manifest.json`, whose counts record the plan.
 *
 * @example
 * ```ts
 * import { trainFromLanguageFiles } from '@oellm/tokenizer';
 * const result = await trainFromLanguageFiles({ en: ['en.txt'], mt: ['mt.txt'] }, 'out/eu', { vocabularySize: 8000, modelType: 'bpe', languageSamplingAlpha: 0.3 });
 * console.log(result.languages); // [{ language: 'en', available, probability, sampled }, …]
 * ```
 */
export async function trainFromLanguageFiles(filesByLanguage: Readonly<Record<string, readonly string[]>>, pathPrefix: string, options: LanguageBalancedTrainingOptions): Promise<LanguageBalancedTrainingResult> {
  const startedAt = Date.now();
  const { languageSamplingAlpha: alpha, languageSamplingTotal: totalSentences, languageSamplingSeed: seed, ...trainerOptions } = options;
  if (!(alpha >= 0 && alpha <= 1)) throw new InputError({ code: 'invalid_options', message: `languageSamplingAlpha must be between 0 and 1, not ${alpha}`, location: { field: 'languageSamplingAlpha' } });
  if (totalSentences !== undefined && !(Number.isSafeInteger(totalSentences) && totalSentences > 0)) {
    throw new InputError({ code: 'invalid_options', message: `languageSamplingTotal must be a positive integer, not ${totalSentences}`, location: { field: 'languageSamplingTotal' } });
  }
  const counts: Record<string, number> = {};
  let skippedInvalidUtf8 = 0;
  for (const [language, files] of Object.entries(filesByLanguage)) {
    let count = 0;
    for await (const _ of languageLines(files, () => skippedInvalidUtf8++)) count++;
    counts[language] = count;
  }
  const plan = planLanguageSampling(counts, totalSentences === undefined ? { alpha } : { alpha, totalSentences });
  // The first pass counted the invalid lines; the second pass skips the same ones again.
  const sampled = sampleLanguageLines(plan, (language) => languageLines(filesByLanguage[language]!, () => {}), seed === undefined ? {} : { seed });
  const { model, statistics } = await sentencePieceTrainer.trainModel(sampled, trainerOptions);

  const inputs = Object.entries(filesByLanguage).flatMap(([language, files]) => files.map((file) => [language, file] as const));
  const files = await writeTrainedModel(pathPrefix, model, {
    startedAt,
    options,
    inputs: await Promise.all(inputs.map(([language, file]) => describeFile(file, { role: `training-text:${language}` }))),
    counts: {
      ...statistics,
      skippedInvalidUtf8,
      ...Object.fromEntries(plan.flatMap(({ language, available, sampled: taken }) => [[`available:${language}`, available], [`sampled:${language}`, taken]])),
    },
  });
  return { ...files, statistics: { ...statistics, skippedInvalidUtf8 }, languages: plan };
}
