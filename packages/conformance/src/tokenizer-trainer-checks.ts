import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenizerTrainerV1, TrainerOptions } from '@oellm/core';
import { requireThat, type ConformanceCheck } from './conformance-check.js';
import { languageSamples } from './language-samples.js';

/**
 * Options of {@link tokenizerTrainerChecks}.
 *
 * @example
 * ```ts
 * import { tokenizerTrainerChecks, type TokenizerTrainerCheckOptions } from '@oellm/conformance';
 * const options: TokenizerTrainerCheckOptions<MyOptions> = { trainOptions: { vocabularySize: 500 } };
 * tokenizerTrainerChecks(myTrainer, options);
 * ```
 */
export interface TokenizerTrainerCheckOptions<Options extends TrainerOptions> {
  /** Options for every training run (the vocabulary size among them); default `{ vocabularySize: 400 }`. */
  trainOptions?: Options;
  /** Registry codes whose UDHR sample is the training corpus and must round-trip (default: all). */
  languages?: readonly string[];
}

/**
 * The checks every `TokenizerTrainer` must pass. The corpus is the UDHR Article 1 sample of
 * each language, each sentence repeated; `trainOptions` must fit that corpus.
 *
 * @example
 * ```ts
 * import { runConformanceChecks, tokenizerTrainerChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(tokenizerTrainerChecks(myTrainer, { trainOptions: { vocabularySize: 500 } }));
 * ```
 */
export function tokenizerTrainerChecks<Options extends TrainerOptions>(trainer: TokenizerTrainerV1<Options>, options: TokenizerTrainerCheckOptions<Options> = {}): ConformanceCheck[] {
  const trainOptions = options.trainOptions ?? ({ vocabularySize: 400 } as Options);
  const codes = options.languages ?? Object.keys(languageSamples);
  const corpus = codes.flatMap((code) => Array.from({ length: 3 }, () => languageSamples[code]!));
  return [
    {
      name: 'declares specificationVersion "v1" and a name',
      async run() {
        requireThat(trainer.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: trainer.specificationVersion });
        requireThat(typeof trainer.name === 'string' && trainer.name.length > 0, 'name must be a non-empty string');
      },
    },
    {
      name: 'trains a tokenizer with at most vocabularySize entries that round-trips every training language',
      async run() {
        const { tokenizer } = await trainer.train(corpus, trainOptions);
        requireThat(tokenizer.specificationVersion === 'v1', 'the trained tokenizer must be a TokenizerV1');
        requireThat(tokenizer.vocabularySize <= trainOptions.vocabularySize, 'the vocabulary must not exceed vocabularySize', { vocabularySize: tokenizer.vocabularySize, limit: trainOptions.vocabularySize });
        for (const code of codes) {
          const text = languageSamples[code]!;
          const ids = tokenizer.encode(text);
          for (const id of ids) requireThat(id < tokenizer.vocabularySize, 'ids must be below vocabularySize', { id, language: code });
          const decoded = tokenizer.decode(ids);
          requireThat(decoded === text, 'decode(encode(text)) must equal a training sentence', { language: code, expected: text, got: decoded });
        }
      },
    },
    {
      name: 'is deterministic: the same corpus and options give the same segmentation',
      async run() {
        const first = (await trainer.train(corpus, trainOptions)).tokenizer;
        const second = (await trainer.train(corpus, trainOptions)).tokenizer;
        requireThat(first.vocabularySize === second.vocabularySize, 'vocabulary sizes must match', { first: first.vocabularySize, second: second.vocabularySize });
        for (const code of codes) {
          const text = languageSamples[code]!;
          requireThat(Array.from(first.encode(text)).join(' ') === Array.from(second.encode(text)).join(' '), 'two trainings must encode alike', { language: code });
        }
      },
    },
    {
      name: 'accepts an async iterable corpus like an array',
      async run() {
        async function* stream() {
          yield* corpus;
        }
        const fromArray = (await trainer.train(corpus, trainOptions)).tokenizer;
        const fromStream = (await trainer.train(stream(), trainOptions)).tokenizer;
        const text = languageSamples[codes[0]!]!;
        requireThat(Array.from(fromArray.encode(text)).join(' ') === Array.from(fromStream.encode(text)).join(' '), 'an async iterable corpus must train the same tokenizer as the array');
      },
    },
    {
      name: 'save(prefix) writes files under the prefix and returns their paths',
      async run() {
        const trained = await trainer.train(corpus, trainOptions);
        const prefix = join(mkdtempSync(join(tmpdir(), 'oellm-trainer-conformance-')), 'model');
        const paths = await trained.save(prefix);
        requireThat(Array.isArray(paths) && paths.length > 0, 'save() must return the written paths', { got: paths });
        for (const path of paths) {
          requireThat(path.startsWith(prefix), 'saved files must start with the prefix', { path, prefix });
          requireThat(existsSync(path), 'saved files must exist', { path });
        }
      },
    },
    {
      name: 'rejects an empty corpus with an error instead of returning an empty tokenizer',
      async run() {
        let failed = false;
        try {
          await trainer.train([], trainOptions);
        } catch {
          failed = true;
        }
        requireThat(failed, 'train([]) must reject');
      },
    },
  ];
}
