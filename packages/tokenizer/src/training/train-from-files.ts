import { dirname } from 'node:path';
import { createManifest, describeFile, writeManifest } from '@oellm/core';
import { readLineBytes } from '../datasets/read-line-bytes.js';
import { writeModelFile } from '../model/model-file.js';
import { writeVocabularyFile } from '../model/vocab-file.js';
import { tokenizerPackage } from '../package-version.js';
import { sentencePieceTrainer, type TrainingStatistics } from './sentencepiece-trainer.js';
import type { SentencePieceTrainerOptions } from './trainer-options.js';

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
export async function trainFromFiles(inputs: readonly string[], pathPrefix: string, options: SentencePieceTrainerOptions): Promise<TrainFromFilesResult> {
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
  const modelPath = `${pathPrefix}.model`;
  const vocabularyPath = `${pathPrefix}.vocab`;
  await writeModelFile(modelPath, model);
  await writeVocabularyFile(vocabularyPath, model);
  const manifestPath = `${pathPrefix}.manifest.json`;
  const { signal: _signal, progress: _progress, ...parameters } = options;
  await writeManifest(
    manifestPath,
    createManifest({
      kind: 'tokenizer',
      name: pathPrefix,
      startedAt,
      producer: tokenizerPackage,
      parameters: JSON.parse(JSON.stringify(parameters)),
      inputs: await Promise.all(inputs.map((path) => describeFile(path, { role: 'training-text' }))),
      outputs: await Promise.all([describeFile(modelPath, { relativeTo: dirname(modelPath), role: 'model' }), describeFile(vocabularyPath, { relativeTo: dirname(vocabularyPath), role: 'vocabulary' })]),
      counts: { ...statistics, skippedInvalidUtf8 },
    }),
  );
  return { model: modelPath, vocabulary: vocabularyPath, manifest: manifestPath, statistics: { ...statistics, skippedInvalidUtf8 } };
}
