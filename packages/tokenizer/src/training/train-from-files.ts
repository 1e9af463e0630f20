import { describeFile } from '@oellm/core';
import { quarantinePathFor, withQuarantine } from '../datasets/quarantine-file.js';
import { sentencePieceTrainer, type SentencePieceTrainingOptions, type TrainingStatistics } from './sentencepiece-trainer.js';
import { readTextFileLines } from './text-file-lines.js';
import { writeTrainedModel } from './write-trained-model.js';

/** Options of {@link trainFromFiles}: the trainer's, and what to do with lines that are not UTF-8. */
export interface TextFileTrainingOptions extends SentencePieceTrainingOptions {
  /**
   * Lines that are not valid UTF-8 are written to `PREFIX.quarantine.jsonl` (file, line, byte
   * offset, their first bytes) and counted (default). `true` stops at the first one with an
   * InputError naming file and line instead.
   */
  strict?: boolean;
}

/** What {@link trainFromFiles} wrote and counted. */
export interface TrainFromFilesResult {
  model: string;
  vocabulary: string;
  manifest: string;
  statistics: TrainingStatistics & { skippedInvalidUtf8: number };
  /** Records (lines, or a dataset's unreadable records) set aside, and where they went (when there were any). */
  quarantined: number;
  quarantine?: string;
}

/**
 * Trains on text files (one sentence per line) and writes `PREFIX.model`, `PREFIX.vocab` and
 * `PREFIX.manifest.json`. Lines that are not valid UTF-8 are skipped, counted and quarantined
 * to `PREFIX.quarantine.jsonl` (or stop the run with `strict: true`).
 *
 * @example
 * ```ts
 * import { trainFromFiles } from '@oellm/tokenizer';
 * const result = await trainFromFiles(['corpus/mt.txt', 'corpus/ga.txt'], 'out/eu', { vocabularySize: 8000, modelType: 'bpe' });
 * console.log(result.statistics, result.quarantined);
 * ```
 */
export async function trainFromFiles(inputs: readonly string[], pathPrefix: string, options: TextFileTrainingOptions): Promise<TrainFromFilesResult> {
  const startedAt = Date.now();
  const { strict = false, ...trainerOptions } = options;
  const { result, ...quarantined } = await withQuarantine(quarantinePathFor(pathPrefix), strict, (quarantine) =>
    sentencePieceTrainer.trainModel(readTextFileLines(inputs, { strict, ...(quarantine ? { quarantine } : {}) }), trainerOptions),
  );
  const statistics = { ...result.statistics, skippedInvalidUtf8: quarantined.quarantined };
  const files = await writeTrainedModel(pathPrefix, result.model, {
    startedAt,
    options,
    inputs: await Promise.all(inputs.map((path) => describeFile(path, { role: 'training-text' }))),
    otherOutputs: quarantined.outputs,
    counts: { ...statistics, ...quarantined.counts },
  });
  return { ...files, statistics, quarantined: quarantined.quarantined, ...(quarantined.quarantinePath ? { quarantine: quarantined.quarantinePath } : {}) };
}
