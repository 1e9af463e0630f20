import type { EvaluationResult, MetricV1, SampleResult } from '@oellm/core';
import { getMetric } from '../tasks/metric-registry.js';

/**
 * Aggregates one task-language's samples into one {@link EvaluationResult} per metric, with the
 * metric's standard error (`null` where it has none).
 *
 * @example
 * ```ts
 * aggregateSamples('udhr-likelihood', 'mt', ['bits_per_byte'], samples);
 * ```
 */
export function aggregateSamples(
  task: string,
  language: string,
  metrics: readonly string[],
  samples: readonly SampleResult[],
  lookup: (name: string) => MetricV1<unknown> = getMetric,
): EvaluationResult[] {
  return metrics.map((name) => {
    const metric = lookup(name);
    const items = samples.map((sample) => sample.values[name]).filter((value) => value !== undefined);
    const value = items.length > 0 ? metric.aggregate(items) : Number.NaN;
    const standardError = items.length > 1 ? (metric.standardError?.(items) ?? null) : null;
    return { task, language, metric: name, value, standardError: standardError === undefined || Number.isNaN(standardError) ? null : standardError, samples: items.length };
  });
}
