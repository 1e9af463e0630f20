/** Field tables that drive reading and writing of the ModelProto messages. */

export type FieldKind = 'string' | 'bytes' | 'float' | 'int32' | 'uint64' | 'bool' | 'message';

export interface FieldDescriptor {
  number: number;
  name: string;
  kind: FieldKind;
  repeated?: boolean;
  message?: MessageDescriptor;
}

/** Fields sorted by number: protobuf's C++ runtime serialises in that order. */
export type MessageDescriptor = readonly FieldDescriptor[];

function sorted(fields: FieldDescriptor[]): MessageDescriptor {
  return fields.sort((left, right) => left.number - right.number);
}

export const sentencePieceDescriptor = sorted([
  { number: 1, name: 'piece', kind: 'string' },
  { number: 2, name: 'score', kind: 'float' },
  { number: 3, name: 'type', kind: 'int32' },
]);

export const trainerSpecDescriptor = sorted([
  { number: 1, name: 'input', kind: 'string', repeated: true },
  { number: 7, name: 'inputFormat', kind: 'string' },
  { number: 2, name: 'modelPrefix', kind: 'string' },
  { number: 3, name: 'modelType', kind: 'int32' },
  { number: 4, name: 'vocabSize', kind: 'int32' },
  { number: 5, name: 'acceptLanguage', kind: 'string', repeated: true },
  { number: 6, name: 'selfTestSampleSize', kind: 'int32' },
  { number: 50, name: 'enableDifferentialPrivacy', kind: 'bool' },
  { number: 51, name: 'differentialPrivacyNoiseLevel', kind: 'float' },
  { number: 52, name: 'differentialPrivacyClippingThreshold', kind: 'uint64' },
  { number: 10, name: 'characterCoverage', kind: 'float' },
  { number: 11, name: 'inputSentenceSize', kind: 'uint64' },
  { number: 19, name: 'shuffleInputSentence', kind: 'bool' },
  { number: 12, name: 'miningSentenceSize', kind: 'int32' },
  { number: 13, name: 'trainingSentenceSize', kind: 'int32' },
  { number: 14, name: 'seedSentencepieceSize', kind: 'int32' },
  { number: 15, name: 'shrinkingFactor', kind: 'float' },
  { number: 18, name: 'maxSentenceLength', kind: 'int32' },
  { number: 16, name: 'numThreads', kind: 'int32' },
  { number: 17, name: 'numSubIterations', kind: 'int32' },
  { number: 20, name: 'maxSentencepieceLength', kind: 'int32' },
  { number: 21, name: 'splitByUnicodeScript', kind: 'bool' },
  { number: 23, name: 'splitByNumber', kind: 'bool' },
  { number: 22, name: 'splitByWhitespace', kind: 'bool' },
  { number: 24, name: 'treatWhitespaceAsSuffix', kind: 'bool' },
  { number: 26, name: 'allowWhitespaceOnlyPieces', kind: 'bool' },
  { number: 25, name: 'splitDigits', kind: 'bool' },
  { number: 30, name: 'controlSymbols', kind: 'string', repeated: true },
  { number: 31, name: 'userDefinedSymbols', kind: 'string', repeated: true },
  { number: 36, name: 'requiredChars', kind: 'string' },
  { number: 35, name: 'byteFallback', kind: 'bool' },
  { number: 32, name: 'vocabularyOutputPieceScore', kind: 'bool' },
  { number: 33, name: 'hardVocabLimit', kind: 'bool' },
  { number: 34, name: 'useAllVocab', kind: 'bool' },
  { number: 40, name: 'unkId', kind: 'int32' },
  { number: 41, name: 'bosId', kind: 'int32' },
  { number: 42, name: 'eosId', kind: 'int32' },
  { number: 43, name: 'padId', kind: 'int32' },
  { number: 45, name: 'unkPiece', kind: 'string' },
  { number: 46, name: 'bosPiece', kind: 'string' },
  { number: 47, name: 'eosPiece', kind: 'string' },
  { number: 48, name: 'padPiece', kind: 'string' },
  { number: 44, name: 'unkSurface', kind: 'string' },
  { number: 49, name: 'trainExtremelyLargeCorpus', kind: 'bool' },
]);

export const normalizerSpecDescriptor = sorted([
  { number: 1, name: 'name', kind: 'string' },
  { number: 2, name: 'precompiledCharsmap', kind: 'bytes' },
  { number: 3, name: 'addDummyPrefix', kind: 'bool' },
  { number: 4, name: 'removeExtraWhitespaces', kind: 'bool' },
  { number: 5, name: 'escapeWhitespaces', kind: 'bool' },
  { number: 6, name: 'normalizationRuleTsv', kind: 'string' },
]);

const sampleDescriptor = sorted([
  { number: 1, name: 'input', kind: 'string' },
  { number: 2, name: 'expected', kind: 'string' },
]);

export const selfTestDataDescriptor = sorted([{ number: 1, name: 'samples', kind: 'message', repeated: true, message: sampleDescriptor }]);

export const modelProtoDescriptor = sorted([
  { number: 1, name: 'pieces', kind: 'message', repeated: true, message: sentencePieceDescriptor },
  { number: 2, name: 'trainerSpec', kind: 'message', message: trainerSpecDescriptor },
  { number: 3, name: 'normalizerSpec', kind: 'message', message: normalizerSpecDescriptor },
  { number: 4, name: 'selfTestData', kind: 'message', message: selfTestDataDescriptor },
  { number: 5, name: 'denormalizerSpec', kind: 'message', message: normalizerSpecDescriptor },
]);
