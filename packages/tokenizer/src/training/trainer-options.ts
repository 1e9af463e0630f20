import type { ProgressListener } from '@oellm/core';
import type { NormalizationRuleName } from '../normalizer/normalization-rules.js';
import { defaultRandomSeed } from './seeded-random.js';

/**
 * SentencePiece's training options (spm_train's flags in camelCase), with its defaults.
 * `vocabularySize` is the core TrainerOptions name for spm's vocab_size.
 */
export interface SentencePieceTrainerOptions {
  vocabularySize: number;
  modelType?: 'unigram' | 'bpe';
  /** Share of characters (by frequency) that become pieces; the rest are unknown (or bytes). Default 0.9995. */
  characterCoverage?: number;
  byteFallback?: boolean;
  splitDigits?: boolean;
  splitByUnicodeScript?: boolean;
  splitByNumber?: boolean;
  splitByWhitespace?: boolean;
  treatWhitespaceAsSuffix?: boolean;
  allowWhitespaceOnlyPieces?: boolean;
  maxSentencepieceLength?: number;
  /** Sentences longer than this many UTF-8 bytes are skipped and counted. Default 4192. */
  maxSentenceLength?: number;
  userDefinedSymbols?: string[];
  controlSymbols?: string[];
  /** Train on a uniform random sample of this many sentences (reservoir sampling; 0 = all). */
  inputSentenceSize?: number;
  /** Seed of that sample (spm_train's `random_seed`); the same corpus and seed give the same model. Default 12345678. */
  randomSeed?: number;
  /** `nmt_nfkc` (spm's default), `nfkc`, their case-folded `nmt_nfkc_cf` and `nfkc_cf`, or `identity`; the rules are generated from the engine's Unicode data. */
  normalizationRuleName?: NormalizationRuleName;
  addDummyPrefix?: boolean;
  removeExtraWhitespaces?: boolean;
  unkId?: number;
  bosId?: number;
  eosId?: number;
  padId?: number;
  unkPiece?: string;
  bosPiece?: string;
  eosPiece?: string;
  padPiece?: string;
  /** Cap on distinct words held while counting; rarer words are pruned when it is reached. Default 5,000,000. */
  maximumWordTableSize?: number;
  /** Unigram: how many seed pieces (characters, then frequent substrings) EM starts from. Default 1,000,000. */
  seedSentencepieceSize?: number;
  /** Unigram: share of pieces kept by each pruning round. Default 0.75. */
  shrinkingFactor?: number;
  /** Unigram: EM iterations between pruning rounds. Default 2. */
  numSubIterations?: number;
  signal?: AbortSignal;
  progress?: ProgressListener;
}

/**
 * spm_train's defaults for the options above.
 *
 * @example
 * ```ts
 * import { sentencePieceTrainerDefaults } from '@oellm/tokenizer';
 * console.log(sentencePieceTrainerDefaults.characterCoverage); // 0.9995, as spm_train
 * ```
 */
export const sentencePieceTrainerDefaults = {
  modelType: 'unigram',
  characterCoverage: 0.9995,
  byteFallback: false,
  splitDigits: false,
  splitByUnicodeScript: true,
  splitByNumber: true,
  splitByWhitespace: true,
  treatWhitespaceAsSuffix: false,
  allowWhitespaceOnlyPieces: false,
  maxSentencepieceLength: 16,
  maxSentenceLength: 4192,
  userDefinedSymbols: [] as string[],
  controlSymbols: [] as string[],
  inputSentenceSize: 0,
  randomSeed: defaultRandomSeed,
  normalizationRuleName: 'nmt_nfkc',
  addDummyPrefix: true,
  removeExtraWhitespaces: true,
  unkId: 0,
  bosId: 1,
  eosId: 2,
  padId: -1,
  unkPiece: '<unk>',
  bosPiece: '<s>',
  eosPiece: '</s>',
  padPiece: '<pad>',
  maximumWordTableSize: 5_000_000,
  seedSentencepieceSize: 1_000_000,
  shrinkingFactor: 0.75,
  numSubIterations: 2,
} as const;

export type ResolvedTrainerOptions = Required<Omit<SentencePieceTrainerOptions, 'signal' | 'progress'>> & Pick<SentencePieceTrainerOptions, 'signal' | 'progress'>;

export function resolveTrainerOptions(options: SentencePieceTrainerOptions): ResolvedTrainerOptions {
  const resolved = { ...sentencePieceTrainerDefaults, ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) } as ResolvedTrainerOptions;
  return resolved;
}
