/**
 * @oellm/core — the shared spec (v1) every oellm package and partner package implements:
 * languages, documents, interfaces, manifests, errors and progress events.
 * Arrow helpers live in `@oellm/core/arrow`.
 */
export { specificationVersion, type SpecificationVersion } from './specification-version.js';
export { corePackage } from './package-version.js';
export type { JsonValue, JsonObject } from './json.js';

export * from './languages/index.js';
export { closestMatches } from './text/closest-matches.js';

export { OellmError, type ErrorKind, type OellmErrorOptions } from './errors/oellm-error.js';
export { InputError, formatLocation, type InputLocation } from './errors/input-error.js';
export { UsageError } from './errors/usage-error.js';
export { UnknownLanguageError } from './errors/unknown-language-error.js';

export { documentColumns, documentSchemaName, type Document, type DocumentColumn } from './documents/document.js';
export { parseDocument } from './documents/parse-document.js';
export type { QuarantineRecord } from './documents/quarantine-record.js';

export type { DocumentStage, DocumentStageV1, DroppedDocuments, StageContext, StageResult } from './stages/document-stage.js';
export type { DocumentSource, DocumentSourceV1, SourceReadOptions } from './sources/document-source.js';
export type { DocumentSink, DocumentSinkV1, SinkSummary } from './sources/document-sink.js';

export type { Tokenizer, TokenizerV1, SpecialTokenIds } from './tokenizers/tokenizer.js';
export type { TokenizerTrainer, TokenizerTrainerV1, TrainerOptions, TrainedTokenizer, TrainingCorpus } from './tokenizers/tokenizer-trainer.js';

export type { TensorReader, TensorReaderV1, TensorInfo, ModelMetadataValue } from './tensors/tensor-reader.js';
export type { QuantType, QuantTypeV1 } from './tensors/quant-type.js';
export type { ModelWriter, ModelWriterV1 } from './tensors/model-writer.js';

export type {
  LanguageModel,
  LanguageModelV1,
  LanguageModelCallOptions,
  LoglikelihoodRequest,
  LoglikelihoodResult,
  RollingLoglikelihoodRequest,
  RollingLoglikelihoodResult,
  GenerateRequest,
} from './evaluation/language-model.js';
export type { Metric, MetricV1 } from './evaluation/metric.js';
export type { Task, TaskV1, TaskRunOptions, SampleResult } from './evaluation/task.js';
export type { EvaluationResult } from './evaluation/evaluation-result.js';

export * from './manifests/index.js';
export * from './progress/index.js';

export { hashFile, sha256Hex } from './files/hash-file.js';
export { writeFileAtomic, temporaryPathFor, isTemporaryPath } from './files/write-file-atomic.js';
export { openQuarantineFile, type QuarantineFile } from './files/quarantine-file.js';

export { builtWorkerEntry, startWorker, workerExecArgv } from './workers/start-worker.js';
