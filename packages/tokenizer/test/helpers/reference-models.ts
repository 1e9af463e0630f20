// Models trained by spm_train once per test file, over the same 36-language FLORES sample.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spmTrain, temporaryDirectory, writeTrainingText } from './reference-tools.js';

export interface ReferenceModelConfiguration {
  name: string;
  options: Record<string, string | number | boolean>;
}

/** Unigram and BPE, with and without byte fallback, across the normalisation rules and whitespace options. */
export const referenceConfigurations: ReferenceModelConfiguration[] = [
  { name: 'unigram-nmt-nfkc', options: { model_type: 'unigram', vocab_size: 4000 } },
  { name: 'unigram-identity-byte-fallback', options: { model_type: 'unigram', vocab_size: 4000, normalization_rule_name: 'identity', byte_fallback: true, user_defined_symbols: '<mask>,@@', control_symbols: '<ctl>' } },
  { name: 'bpe-nmt-nfkc', options: { model_type: 'bpe', vocab_size: 4000 } },
  { name: 'bpe-identity-byte-fallback', options: { model_type: 'bpe', vocab_size: 4000, normalization_rule_name: 'identity', byte_fallback: true, user_defined_symbols: '<mask>,@@' } },
  { name: 'unigram-nfkc-cf-raw-whitespace', options: { model_type: 'unigram', vocab_size: 3000, normalization_rule_name: 'nmt_nfkc_cf', remove_extra_whitespaces: false, add_dummy_prefix: false, split_digits: true, character_coverage: 0.98 } },
  { name: 'bpe-nfkc-suffix-whitespace', options: { model_type: 'bpe', vocab_size: 3000, normalization_rule_name: 'nfkc', treat_whitespace_as_suffix: true, character_coverage: 0.98, pad_id: 3, unk_id: 1, bos_id: 0, eos_id: -1 } },
];

/**
 * Trains every configuration with spm_train; returns name → .model path. Models are cached in the
 * system temp directory by a hash of the training text and options, so the test files of one run
 * share them (each is trained under a unique name, then renamed into place).
 */
export function trainReferenceModels(): Map<string, string> {
  const directory = temporaryDirectory('reference');
  const input = writeTrainingText(directory);
  const text = readFileSync(input);
  const cache = join(tmpdir(), 'oellm-tokenizer-reference-models');
  mkdirSync(cache, { recursive: true });
  const models = new Map<string, string>();
  for (const { name, options } of referenceConfigurations) {
    const hash = createHash('sha256').update(text).update(JSON.stringify(options)).digest('hex').slice(0, 16);
    const cached = join(cache, `${name}-${hash}`);
    if (!existsSync(`${cached}.model`)) {
      const trained = spmTrain(input, join(directory, name), options);
      renameSync(trained.replace(/\.model$/, '.vocab'), `${cached}.vocab`);
      renameSync(trained, `${cached}.model`);
    }
    models.set(name, `${cached}.model`);
  }
  return models;
}
