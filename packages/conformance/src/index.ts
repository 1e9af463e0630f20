/**
 * @oellm/conformance — the behaviour every implementation of an oellm interface must have,
 * as framework-free checks (this entry) and as vitest suites (`@oellm/conformance/vitest`).
 */
export { ConformanceFailure, requireThat, runConformanceChecks, type ConformanceCheck, type ConformanceResult } from './conformance-check.js';
export { documentStageChecks, conformanceDocuments, type DocumentStageCheckOptions } from './document-stage-checks.js';
export { tokenizerChecks, type TokenizerCheckOptions } from './tokenizer-checks.js';
export { languageSamples } from './language-samples.js';
export { trickyTexts } from './tricky-texts.js';
export { documentSourceChecks, type DocumentSourceCheckOptions } from './document-source-checks.js';
export { documentSinkChecks, type DocumentSinkCheckOptions } from './document-sink-checks.js';
export { tokenizerTrainerChecks, type TokenizerTrainerCheckOptions } from './tokenizer-trainer-checks.js';
export { quantTypeChecks, type QuantTypeCheckOptions } from './quant-type-checks.js';
export { tensorReaderChecks, type TensorReaderCheckOptions } from './tensor-reader-checks.js';
export { languageModelChecks, type LanguageModelCheckOptions } from './language-model-checks.js';
export { taskChecks, type TaskCheckOptions } from './task-checks.js';
export { metricChecks, type MetricCheckOptions } from './metric-checks.js';
