import type { JsonObject } from '../json.js';
import type { LanguageModelV1 } from './language-model.js';

/**
 * One evaluated sample, as written to the per-sample JSONL.
 *
 * @example
 * ```ts
 * import type { SampleResult } from '@oellm/core';
 * const sample: SampleResult = { documentId: 'udhr-mt-1', language: 'mt', values: { acc: 1 }, record: { target: 'B' } };
 * ```
 */
export interface SampleResult {
  documentId: string;
  language: string;
  /** Metric name to this sample's value (the metric's `Item`). */
  values: Record<string, unknown>;
  /** The prompt, target and response, for a human to check. */
  record: JsonObject;
}

/**
 * Passed to {@link TaskV1.evaluate}.
 *
 * @example
 * ```ts
 * import type { TaskRunOptions } from '@oellm/core';
 * const options: TaskRunOptions = { language: 'ga', limit: 50, onSample: (sample) => console.log(sample.values) };
 * ```
 */
export interface TaskRunOptions {
  language: string;
  /** Evaluate only the first `limit` documents. */
  limit?: number;
  signal?: AbortSignal;
  /** Called once per finished sample, for per-sample files and progress. */
  onSample?: (sample: SampleResult) => void;
}

/**
 * An evaluation task for one or more languages. Data-driven tasks (JSON/YAML with templates)
 * and code tasks both implement it.
 *
 * @example
 * ```ts
 * import type { TaskV1 } from '@oellm/core';
 * declare const task: TaskV1;
 * const samples = await task.evaluate(model, { language: 'mt', limit: 10 });
 * ```
 */
export interface TaskV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  /** Bumped when prompts or data change, so old results are not compared with new ones. */
  readonly version: string;
  /** Registry codes the task has data for. */
  readonly languages: readonly string[];
  /** Names of the metrics its samples carry; aggregation uses the matching {@link MetricV1}. */
  readonly metrics: readonly string[];
  evaluate(model: LanguageModelV1, options: TaskRunOptions): Promise<SampleResult[]>;
}

/**
 * The current version of {@link TaskV1}: code written against `Task` follows the newest spec; name `TaskV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { Task } from '@oellm/core';
 * export function describe(value: Task): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type Task = TaskV1;
