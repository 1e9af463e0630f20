import { basename } from 'node:path';
import { describeFile, InputError } from '@oellm/core';
import { quarantinePathFor, withQuarantine } from '../datasets/quarantine-file.js';
import { planLanguageSampling, sampleLanguageLines, type LanguageSamplingPlan } from './language-balancing.js';
import { sentencePieceTrainer } from './sentencepiece-trainer.js';
import { readTextFileLines } from './text-file-lines.js';
import type { TextFileTrainingOptions, TrainFromFilesResult } from './train-from-files.js';
import { defaultRandomSeed } from './seeded-random.js';
import { writeTrainedModel } from './write-trained-model.js';

/** Options of {@link trainFromLanguageFiles}: the trainer's, plus the sampling temperature. */
export interface LanguageBalancedTrainingOptions extends TextFileTrainingOptions {
  /** alpha of p_lang ∝ n_lang^alpha: 1 keeps the corpus proportions, 0 gives every language the same share (XLM-R: 0.3). */
  languageSamplingAlpha: number;
  /** Sentences after sampling (default: as many as the files hold). */
  languageSamplingTotal?: number;
  /** Seed of the language sampling (default: the trainer's `randomSeed`, whose default is 12345678). */
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
  const { languageSamplingAlpha: alpha, languageSamplingTotal: totalSentences, languageSamplingSeed: seed, strict = false, ...trainerOptions } = options;
  if (!(alpha >= 0 && alpha <= 1)) throw new InputError({ code: 'invalid_options', message: `languageSamplingAlpha must be between 0 and 1, not ${alpha}`, location: { field: 'languageSamplingAlpha' } });
  if (totalSentences !== undefined && !(Number.isSafeInteger(totalSentences) && totalSentences > 0)) {
    throw new InputError({ code: 'invalid_options', message: `languageSamplingTotal must be a positive integer, not ${totalSentences}`, location: { field: 'languageSamplingTotal' } });
  }
  let plan: LanguageSamplingPlan[] = [];
  const { result, ...quarantined } = await withQuarantine(quarantinePathFor(pathPrefix), strict, async (quarantine) => {
    // The first pass counts each language's sentences and quarantines the lines that are not
    // UTF-8; the second skips the same lines again.
    const counts: Record<string, number> = {};
    for (const [language, files] of Object.entries(filesByLanguage)) {
      let count = 0;
      for await (const _ of readTextFileLines(files, { strict, skipEmpty: true, ...(quarantine ? { quarantine } : {}) })) count++;
      counts[language] = count;
    }
    plan = planLanguageSampling(counts, totalSentences === undefined ? { alpha } : { alpha, totalSentences });
    const sampled = sampleLanguageLines(plan, (language) => readTextFileLines(filesByLanguage[language]!, { skipEmpty: true }), { seed: seed ?? trainerOptions.randomSeed ?? defaultRandomSeed });
    return sentencePieceTrainer.trainModel(sampled, trainerOptions);
  });
  const statistics = { ...result.statistics, skippedInvalidUtf8: quarantined.quarantined };
  const inputs = Object.entries(filesByLanguage).flatMap(([language, files]) => files.map((file) => [language, file] as const));
  const files = await writeTrainedModel(pathPrefix, result.model, {
    startedAt,
    options,
    inputs: await Promise.all(inputs.map(([language, file]) => describeFile(file, { role: `training-text:${language}` }))),
    otherOutputs: quarantined.outputs,
    counts: {
      ...statistics,
      ...quarantined.counts,
      ...Object.fromEntries(plan.flatMap(({ language, available, sampled: taken }) => [[`available:${language}`, available], [`sampled:${language}`, taken]])),
    },
  });
  return { ...files, statistics, quarantined: quarantined.quarantined, ...(quarantined.quarantinePath ? { quarantine: quarantined.quarantinePath } : {}), languages: plan };
}
