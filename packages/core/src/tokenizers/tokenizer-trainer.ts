import type { ProgressListener } from '../progress/progress-event.js';
import type { DocumentSourceV1 } from '../sources/document-source.js';
import type { TokenizerV1 } from './tokenizer.js';

/**
 * Training text: plain strings, or documents from any source (the `text` column is used).
 *
 * @example
 * ```ts
 * import type { TrainingCorpus } from '@oellm/core';
 * const corpus: TrainingCorpus = ['Dia duit', 'Bonġu', 'Γεια σας'];
 * ```
 */
export type TrainingCorpus = AsyncIterable<string> | Iterable<string> | DocumentSourceV1;

/**
 * Options every trainer understands; trainers add their own (SentencePiece's, for example).
 *
 * @example
 * ```ts
 * import type { TrainerOptions } from '@oellm/core';
 * const options: TrainerOptions = { vocabularySize: 32_000, progress: (event) => console.error(event) };
 * ```
 */
export interface TrainerOptions {
  vocabularySize: number;
  signal?: AbortSignal;
  progress?: ProgressListener;
}

/**
 * A trained tokenizer, usable at once and saveable in the trainer's format.
 *
 * @example
 * ```ts
 * import type { TrainedTokenizer } from '@oellm/core';
 * const trained: TrainedTokenizer = await trainer.train(corpus, { vocabularySize: 8000 });
 * const files = await trained.save('out/eu-8k'); // ['out/eu-8k.model', 'out/eu-8k.vocab']
 * ```
 */
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

/**
 * The current version of {@link TokenizerTrainerV1}: code written against `TokenizerTrainer` follows the newest spec; name `TokenizerTrainerV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { TokenizerTrainer } from '@oellm/core';
 * export function describe(value: TokenizerTrainer): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type TokenizerTrainer<Options extends TrainerOptions = TrainerOptions> = TokenizerTrainerV1<Options>;
