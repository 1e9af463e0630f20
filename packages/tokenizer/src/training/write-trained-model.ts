import { dirname } from 'node:path';
import { createManifest, describeFile, writeManifest, type ManifestFile, type ManifestReference } from '@oellm/core';
import type { ModelProto } from '../model/model-proto.js';
import { writeModelFile } from '../model/model-file.js';
import { writeVocabularyFile } from '../model/vocab-file.js';
import { tokenizerPackage } from '../package-version.js';
import type { SentencePieceTrainingOptions } from './sentencepiece-trainer.js';

/** The files {@link writeTrainedModel} wrote. */
export interface TrainedModelFiles {
  model: string;
  vocabulary: string;
  manifest: string;
}

/**
 * Writes a trained model as spm_train does (`PREFIX.model`, `PREFIX.vocab`) plus
 * `PREFIX.manifest.json` tracing it to its training inputs, options and counts (and, for a
 * dataset, its manifest as parent and a quarantine file among the outputs).
 */
export async function writeTrainedModel(
  pathPrefix: string,
  model: ModelProto,
  {
    startedAt,
    options,
    inputs,
    counts,
    parents,
    otherOutputs = [],
  }: { startedAt: number; options: SentencePieceTrainingOptions; inputs: readonly ManifestFile[]; counts: Record<string, number>; parents?: readonly ManifestReference[]; otherOutputs?: readonly ManifestFile[] },
): Promise<TrainedModelFiles> {
  const files = { model: `${pathPrefix}.model`, vocabulary: `${pathPrefix}.vocab`, manifest: `${pathPrefix}.manifest.json` };
  await writeModelFile(files.model, model);
  await writeVocabularyFile(files.vocabulary, model);
  // Callbacks are not parameters; the JSON round trip drops anything else a manifest cannot hold.
  const { signal: _signal, progress: _progress, ...parameters } = options;
  await writeManifest(
    files.manifest,
    createManifest({
      kind: 'tokenizer',
      name: pathPrefix,
      startedAt,
      producer: tokenizerPackage,
      parameters: JSON.parse(JSON.stringify(parameters)),
      inputs: [...inputs],
      outputs: [...(await Promise.all([describeFile(files.model, { relativeTo: dirname(files.model), role: 'model' }), describeFile(files.vocabulary, { relativeTo: dirname(files.vocabulary), role: 'vocabulary' })])), ...otherOutputs],
      counts,
      ...(parents ? { parents: [...parents] } : {}),
    }),
  );
  return files;
}
