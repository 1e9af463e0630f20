import type { ProgressListener } from '../progress/progress-event.js';
import type { DocumentSourceV1 } from '../sources/document-source.js';
import type { TokenizerV1 } from './tokenizer.js';

/** Training text: plain strings, or documents from any source (the `text` column is used). */
export type TrainingCorpus = AsyncIterable<string> | Iterable<string> | DocumentSourceV1;

/** Options every trainer understands; trainers add their own (SentencePiece's, for example). */
export interface TrainerOptions {
  vocabularySize: number;
  signal?: AbortSignal;
  progress?: ProgressListener;
}

/** A trained tokenizer, usable at once and saveable in the trainer's format. */
export interface TrainedTokenizer {
  tokenizer: TokenizerV1;
  /** Writes the model files under `pathPrefix` (e.g. `out/eu` → `out/eu.model`) and returns their paths. */
  save(pathPrefix: string): Promise<string[]>;
}

/**
 * Learns a tokenizer from a corpus.
 *
 * Contract (checked by `@oellm/conformance`): the vocabulary has at most `vocabularySize`
 * entries, training is deterministic for the same corpus and options, and the trained
 * tokenizer passes the Tokenizer suite on the languages it was trained on.
 *
 * @example
 * ```ts
 * import type { TokenizerTrainerV1, TrainerOptions } from '@oellm/core';
 * declare const trainer: TokenizerTrainerV1<TrainerOptions>;
 * const { tokenizer, save } = await trainer.train(['Dia duit', 'Bonġu'], { vocabularySize: 64 });
 * await save('out/tiny');
 * ```
 */
export interface TokenizerTrainerV1<Options extends TrainerOptions = TrainerOptions> {
  readonly specificationVersion: 'v1';
  readonly name: string;
  train(corpus: TrainingCorpus, options: Options): Promise<TrainedTokenizer>;
}

/** The current version of {@link TokenizerTrainerV1}. */
export type TokenizerTrainer<Options extends TrainerOptions = TrainerOptions> = TokenizerTrainerV1<Options>;
