import type { DocumentStageV1, TokenizerV1 } from '@oellm/core';
import { describe, it } from 'vitest';
import type { ConformanceCheck } from './conformance-check.js';
import { documentStageChecks, type DocumentStageCheckOptions } from './document-stage-checks.js';
import { tokenizerChecks, type TokenizerCheckOptions } from './tokenizer-checks.js';
import { tokenizerTrainerChecks, type TokenizerTrainerCheckOptions } from './tokenizer-trainer-checks.js';
import type { TokenizerTrainerV1, TrainerOptions } from '@oellm/core';
import { documentSourceChecks } from './document-source-checks.js';
import { documentSinkChecks, type DocumentSinkCheckOptions } from './document-sink-checks.js';
import type { DocumentSourceCheckOptions } from './document-source-checks.js';
import type { DocumentSinkV1, DocumentSourceV1 } from '@oellm/core';
import type { QuantTypeV1, TensorReaderV1 } from '@oellm/core';
import { quantTypeChecks, type QuantTypeCheckOptions } from './quant-type-checks.js';
import { tensorReaderChecks, type TensorReaderCheckOptions } from './tensor-reader-checks.js';
import type { LanguageModelV1, MetricV1, TaskV1 } from '@oellm/core';
import { languageModelChecks, type LanguageModelCheckOptions } from './language-model-checks.js';
import { taskChecks, type TaskCheckOptions } from './task-checks.js';
import { metricChecks, type MetricCheckOptions } from './metric-checks.js';

/**
 * Registers checks as a vitest `describe` block, one `it` per rule.
 *
 * @example
 * ```ts
 * import { describeConformance } from '@oellm/conformance/vitest';
 * describeConformance('my checks', myChecks);
 * ```
 */
export function describeConformance(title: string, checks: readonly ConformanceCheck[], timeoutMs = 60_000): void {
  describe(title, () => {
    for (const check of checks) it(check.name, () => check.run(), timeoutMs);
  });
}

/**
 * The DocumentStage suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * // my-stage.conformance.test.ts
 * import { describeDocumentStageConformance } from '@oellm/conformance/vitest';
 * import { createMyStage } from '../src/index.js';
 * describeDocumentStageConformance('my stage', () => createMyStage());
 * ```
 */
export function describeDocumentStageConformance(title: string, createStage: () => DocumentStageV1 | Promise<DocumentStageV1>, options?: DocumentStageCheckOptions): void {
  describeConformance(`DocumentStage conformance: ${title}`, documentStageChecks(createStage, options));
}

/**
 * The Tokenizer suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeTokenizerConformance } from '@oellm/conformance/vitest';
 * describeTokenizerConformance('my tokenizer', () => loadMyTokenizer(), { lossless: true });
 * ```
 */
export function describeTokenizerConformance(title: string, createTokenizer: () => TokenizerV1 | Promise<TokenizerV1>, options?: TokenizerCheckOptions): void {
  describeConformance(`Tokenizer conformance: ${title}`, tokenizerChecks(createTokenizer, options));
}

/**
 * The DocumentSource suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeDocumentSourceConformance } from '@oellm/conformance/vitest';
 * describeDocumentSourceConformance('my reader', () => createMySource('corpus.jsonl'), { expectedDocuments: 120 });
 * ```
 */
export function describeDocumentSourceConformance(
  title: string,
  createSource: () => DocumentSourceV1 | Promise<DocumentSourceV1>,
  options?: DocumentSourceCheckOptions,
): void {
  describeConformance(`DocumentSource conformance: ${title}`, documentSourceChecks(createSource, options));
}

/**
 * The DocumentSink suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeDocumentSinkConformance } from '@oellm/conformance/vitest';
 * describeDocumentSinkConformance('my writer', (directory) => createMySink(directory), { readBack: readMyShards });
 * ```
 */
export function describeDocumentSinkConformance(
  title: string,
  createSink: (directory: string) => DocumentSinkV1 | Promise<DocumentSinkV1>,
  options?: DocumentSinkCheckOptions,
): void {
  describeConformance(`DocumentSink conformance: ${title}`, documentSinkChecks(createSink, options));
}

/**
 * The TokenizerTrainer suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeTokenizerTrainerConformance } from '@oellm/conformance/vitest';
 * describeTokenizerTrainerConformance('my trainer', myTrainer, { trainOptions: { vocabularySize: 500 } });
 * ```
 */
export function describeTokenizerTrainerConformance<Options extends TrainerOptions>(title: string, trainer: TokenizerTrainerV1<Options>, options?: TokenizerTrainerCheckOptions<Options>): void {
  describeConformance(`TokenizerTrainer conformance: ${title}`, tokenizerTrainerChecks(trainer, options));
}

/**
 * The QuantType suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeQuantTypeConformance } from '@oellm/conformance/vitest';
 * describeQuantTypeConformance(myQ8, { maximumRelativeError: 0.02 });
 * ```
 */
export function describeQuantTypeConformance(type: QuantTypeV1, options?: QuantTypeCheckOptions): void {
  describeConformance(`QuantType conformance: ${type.name}`, quantTypeChecks(type, options));
}

/**
 * The TensorReader suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeTensorReaderConformance } from '@oellm/conformance/vitest';
 * describeTensorReaderConformance('my reader', () => openMyModel('model.bin'), { expectedTensors: 48 });
 * ```
 */
export function describeTensorReaderConformance(title: string, createReader: () => TensorReaderV1 | Promise<TensorReaderV1>, options?: TensorReaderCheckOptions): void {
  describeConformance(`TensorReader conformance: ${title}`, tensorReaderChecks(createReader, options));
}

/**
 * The LanguageModel suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeLanguageModelConformance } from '@oellm/conformance/vitest';
 * describeLanguageModelConformance('my backend', () => createMyModel({ url: 'http://localhost:8000' }));
 * ```
 */
export function describeLanguageModelConformance(
  title: string,
  createModel: () => LanguageModelV1 | Promise<LanguageModelV1>,
  options?: LanguageModelCheckOptions,
): void {
  describeConformance(`LanguageModel conformance: ${title}`, languageModelChecks(createModel, options), 180_000);
}

/**
 * The Task suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeTaskConformance } from '@oellm/conformance/vitest';
 * describeTaskConformance('my task', () => createMyTask(), { model: myModel, language: 'mt' });
 * ```
 */
export function describeTaskConformance(title: string, createTask: () => TaskV1 | Promise<TaskV1>, options: TaskCheckOptions): void {
  describeConformance(`Task conformance: ${title}`, taskChecks(createTask, options), 180_000);
}

/**
 * The Metric suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeMetricConformance } from '@oellm/conformance/vitest';
 * describeMetricConformance(myAccuracy, { items: [1, 0, 1, 1], expected: 0.75 });
 * ```
 */
export function describeMetricConformance<Item>(metric: MetricV1<Item>, options: MetricCheckOptions<Item>): void {
  describeConformance(`Metric conformance: ${metric.name}`, metricChecks(metric, options));
}
