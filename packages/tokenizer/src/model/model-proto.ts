/**
 * The SentencePiece model file (`.model`): the `ModelProto` message of sentencepiece_model.proto
 * (SentencePiece 0.1.97), with field names in camelCase. An optional field that is `undefined`
 * was absent from the file, so a model we read re-serialises to the same bytes.
 */

/**
 * Piece types, with sentencepiece_model.proto's numbers.
 *
 * @example
 * ```ts
 * import { PieceType } from '@oellm/tokenizer';
 * const isByte = (piece: { type?: number }) => piece.type === PieceType.byte;
 * ```
 */
export const PieceType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;
export type PieceType = (typeof PieceType)[keyof typeof PieceType];

/**
 * Model types, with sentencepiece_model.proto's numbers.
 *
 * @example
 * ```ts
 * import { ModelType, readModelFile } from '@oellm/tokenizer';
 * const model = await readModelFile('eu.model');
 * console.log(model.trainerSpec?.modelType === ModelType.bpe ? 'BPE' : 'Unigram');
 * ```
 */
export const ModelType = { unigram: 1, bpe: 2, word: 3, char: 4 } as const;
export type ModelType = (typeof ModelType)[keyof typeof ModelType];

/** One vocabulary entry. */
export interface SentencePiece {
  piece?: string;
  score?: number;
  type?: number;
  unknownFields?: Uint8Array[];
}

/** Training options as spm_train recorded them (sentencepiece_model.proto `TrainerSpec`). */
export interface TrainerSpec {
  input?: string[];
  inputFormat?: string;
  modelPrefix?: string;
  modelType?: number;
  vocabSize?: number;
  acceptLanguage?: string[];
  selfTestSampleSize?: number;
  enableDifferentialPrivacy?: boolean;
  differentialPrivacyNoiseLevel?: number;
  differentialPrivacyClippingThreshold?: number;
  characterCoverage?: number;
  inputSentenceSize?: number;
  shuffleInputSentence?: boolean;
  miningSentenceSize?: number;
  trainingSentenceSize?: number;
  seedSentencepieceSize?: number;
  shrinkingFactor?: number;
  maxSentenceLength?: number;
  numThreads?: number;
  numSubIterations?: number;
  maxSentencepieceLength?: number;
  splitByUnicodeScript?: boolean;
  splitByNumber?: boolean;
  splitByWhitespace?: boolean;
  treatWhitespaceAsSuffix?: boolean;
  allowWhitespaceOnlyPieces?: boolean;
  splitDigits?: boolean;
  controlSymbols?: string[];
  userDefinedSymbols?: string[];
  requiredChars?: string;
  byteFallback?: boolean;
  vocabularyOutputPieceScore?: boolean;
  hardVocabLimit?: boolean;
  useAllVocab?: boolean;
  unkId?: number;
  bosId?: number;
  eosId?: number;
  padId?: number;
  unkPiece?: string;
  bosPiece?: string;
  eosPiece?: string;
  padPiece?: string;
  unkSurface?: string;
  trainExtremelyLargeCorpus?: boolean;
  unknownFields?: Uint8Array[];
}

/** Normalisation rules (sentencepiece_model.proto `NormalizerSpec`). */
export interface NormalizerSpec {
  name?: string;
  /** The compiled rules: a double-array trie of source strings and the normalised strings. */
  precompiledCharsmap?: Uint8Array;
  addDummyPrefix?: boolean;
  removeExtraWhitespaces?: boolean;
  escapeWhitespaces?: boolean;
  normalizationRuleTsv?: string;
  unknownFields?: Uint8Array[];
}

/** Input/expected pairs spm_train stores to self-check a model. */
export interface SelfTestData {
  samples?: { input?: string; expected?: string; unknownFields?: Uint8Array[] }[];
  unknownFields?: Uint8Array[];
}

/** A whole `.model` file. */
export interface ModelProto {
  pieces: SentencePiece[];
  trainerSpec?: TrainerSpec;
  normalizerSpec?: NormalizerSpec;
  selfTestData?: SelfTestData;
  denormalizerSpec?: NormalizerSpec;
  unknownFields?: Uint8Array[];
}

/**
 * Defaults of sentencepiece_model.proto, used when a field is absent.
 *
 * @example
 * ```ts
 * import { trainerSpecDefaults } from '@oellm/tokenizer';
 * console.log(trainerSpecDefaults.unkSurface); // ' ⁇ ', what decode shows for <unk>
 * ```
 */
export const trainerSpecDefaults = {
  modelType: ModelType.unigram,
  vocabSize: 8000,
  characterCoverage: 0.9995,
  byteFallback: false,
  treatWhitespaceAsSuffix: false,
  unkId: 0,
  bosId: 1,
  eosId: 2,
  padId: -1,
  unkPiece: '<unk>',
  bosPiece: '<s>',
  eosPiece: '</s>',
  padPiece: '<pad>',
  unkSurface: ' \u2047 ',
} as const;

/**
 * Defaults of sentencepiece_model.proto's NormalizerSpec.
 *
 * @example
 * ```ts
 * import { normalizerSpecDefaults } from '@oellm/tokenizer';
 * const addDummyPrefix = model.normalizerSpec?.addDummyPrefix ?? normalizerSpecDefaults.addDummyPrefix;
 * ```
 */
export const normalizerSpecDefaults = { addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true } as const;
