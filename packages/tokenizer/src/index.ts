/**
 * @oellm/tokenizer — SentencePiece-compatible tokenizers: `.model` I/O, and an encoder/decoder
 * that segments exactly as spm_encode does.
 */
export { parseModel, serializeModel, readModelFile, writeModelFile } from './model/model-file.js';
export { ModelType, PieceType, trainerSpecDefaults, normalizerSpecDefaults, type ModelProto, type SentencePiece, type TrainerSpec, type NormalizerSpec, type SelfTestData } from './model/model-proto.js';
export { formatVocabulary, writeVocabularyFile, formatSixDigits } from './model/vocab-file.js';
export { Normalizer } from './normalizer/normalizer.js';
export { PrecompiledCharsmap } from './normalizer/precompiled-charsmap.js';
export { SentencePieceTokenizer, loadSentencePieceTokenizer, type SentencePieceTokenizerOptions } from './encoder/sentencepiece-tokenizer.js';
export { bytePiece } from './encoder/vocabulary.js';
export { computeFairnessReport, formatFairnessTable, giniCoefficient, type FairnessReport, type FairnessReportOptions, type LanguageFairness } from './fairness/fairness-report.js';
export { readParallelDirectory, type ParallelText } from './fairness/read-parallel-directory.js';
export { createMegatronDatasetWriter, megatronDataTypes, type MegatronDataType, type MegatronDatasetSummary, type MegatronDatasetWriter, type MegatronDatasetWriterOptions } from './datasets/megatron-dataset-writer.js';
export { createArrowTokenWriter, writeArrowTokenFile, type ArrowTokenFileSummary, type ArrowTokenWriter, type TokenizedDocument } from './datasets/arrow-token-writer.js';
export { encodeTextFiles, type EncodeTextFilesOptions, type EncodeTextFilesSummary, type TokenOutputFormat } from './datasets/encode-text-files.js';
export { readLineBytes } from './datasets/read-line-bytes.js';
export { tokenizerPackage } from './package-version.js';
export { countTrainingWords, sentencePieceTrainer, type SentencePieceTrainingOptions, type TrainingStatistics } from './training/sentencepiece-trainer.js';
export { sentencePieceTrainerDefaults, type SentencePieceTrainerOptions } from './training/trainer-options.js';
export { mergeWordCounts, splitIntoWords, type WordCounts } from './training/word-counts.js';
export { WordFrequencyTable, type WordFrequencyTableData } from './training/word-frequency-table.js';
export { trainFromFiles, type TextFileTrainingOptions, type TrainFromFilesResult } from './training/train-from-files.js';
export { compileCharsmap, normalizationRules } from './normalizer/compile-charsmap.js';
export { precompiledCharsmap, precompiledCharsmapsRuntime, type PrecompiledRuleName } from './normalizer/precompiled-charsmaps.js';
export { buildDoubleArray } from './normalizer/double-array-builder.js';
export type { CharactersMap } from './normalizer/normalization-rules.js';
export { balanceLanguages, temperatureSamplingProbabilities } from './training/language-balancing.js';
export { normalizationRuleNames, type NormalizationRuleName } from './normalizer/normalization-rules.js';
export { simpleCaseFold } from './normalizer/case-folding-rules.js';
export { planLanguageSampling, sampleLanguageLines, type LanguageSamplingPlan } from './training/language-balancing.js';
export { trainFromLanguageFiles, languageOfFile, type LanguageBalancedTrainingOptions, type LanguageBalancedTrainingResult } from './training/train-balanced-languages.js';
export { encodeDocumentSource, type EncodeDocumentSourceOptions, type EncodeDocumentSourceSummary } from './datasets/encode-document-source.js';
export { formatIdLines } from './datasets/id-lines.js';
export { packTexts, unpackIds, type PackedIds, type PackedTexts } from './encoder/packed-texts.js';
export { createLanguageSampler } from './training/language-balancing.js';
export { trainFromDocumentSource, undeterminedLanguage, type DocumentSourceTrainingOptions, type DocumentSourceTrainingResult } from './training/train-from-document-source.js';
export { openQuarantineFile, quarantinePathFor, type QuarantineFile } from './datasets/quarantine-file.js';
export type { WordTableReservation } from './training/word-frequency-table.js';
export type { FileHash } from './datasets/megatron-dataset-writer.js';
