/**
 * One aggregated number: a metric of a task in a language, with its uncertainty.
 *
 * @example
 * ```ts
 * import type { EvaluationResult } from '@oellm/core';
 * const row: EvaluationResult = { task: 'belebele', language: 'mt', metric: 'acc', value: 0.41, standardError: 0.016, samples: 900 };
 * ```
 */
export interface EvaluationResult {
  task: string;
  language: string;
  metric: string;
  value: number;
  /** Standard error of `value`, or `null` when the metric has none. */
  standardError: number | null;
  samples: number;
}
