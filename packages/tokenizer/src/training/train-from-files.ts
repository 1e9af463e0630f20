import { describeFile } from '@oellm/core';
import { readLineBytes } from '../datasets/read-line-bytes.js';
import { sentencePieceTrainer, type SentencePieceTrainingOptions, type TrainingStatistics } from './sentencepiece-trainer.js';
import { writeTrainedModel } from './write-trained-model.js';

/** What {@link trainFromFiles} wrote and counted. */
export interface TrainFromFilesResult {
  model: string;
  vocabulary: string;
  manifest: string;
  statistics: TrainingStatistics & { skippedInvalidUtf8: number };
}

/**
 * Trains on text files (one sentence per line) and writes `PREFIX.model`, `PREFIX.vocab` and
 * `PREFIX.manifest.json`. Lines that are not valid UTF-8 are skipped and counted.
 *
 * @example
 * ```ts
 * import { trainFromFiles } from '@oellm/tokenizer';
 * const result = await trainFromFiles(['corpus/mt.txt', 'corpus/ga.txt'], 'out/eu', { vocabularySize: 8000, modelType: 'bpe' });
 * console.log(result.statistics);
 * ```
 */
export async function trainFromFiles(inputs: readonly string[], pathPrefix: string, options: SentencePieceTrainingOptions): Promise<TrainFromFilesResult> {
  const startedAt = Date.now();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let skippedInvalidUtf8 = 0;
  async function* lines(): AsyncGenerator<string> {
    for (const input of inputs) {
      for await (const bytes of readLineBytes(input)) {
        try {
          yield decoder.decode(bytes);
        } catch {
          skippedInvalidUtf8++;
        }
      }
    }
  }
  const { model, statistics } = await sentencePieceTrainer.trainModel(lines(), options);
  const files = await writeTrainedModel(pathPrefix, model, {
    startedAt,
    options,
    inputs: await Promise.all(inputs.map((path) => describeFile(path, { role: 'training-text' }))),
    counts: { ...statistics, skippedInvalidUtf8 },
  });
  return { ...files, statistics: { ...statistics, skippedInvalidUtf8 } };
}
