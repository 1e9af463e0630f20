import { InputError, type MetricV1 } from '@oellm/core';
import { accuracy, bitsPerByte, bytePerplexity, normalizedAccuracy, perplexity, wordPerplexity } from '../metrics/harness-metrics.js';
import { bleuMetric, chrfMetric, chrfPlusPlusMetric } from '../metrics/translation-metrics.js';

/**
 * The metrics tasks may name, by lm-evaluation-harness name.
 *
 * @example
 * ```ts
 * import { builtinMetrics } from '@oellm/eval';
 * builtinMetrics.acc.aggregate([1, 0]); // 0.5
 * ```
 */
export const builtinMetrics: Readonly<Record<string, MetricV1<never>>> = {
  acc: accuracy as MetricV1<never>,
  acc_norm: normalizedAccuracy as MetricV1<never>,
  perplexity: perplexity as MetricV1<never>,
  word_perplexity: wordPerplexity as MetricV1<never>,
  byte_perplexity: bytePerplexity as MetricV1<never>,
  bits_per_byte: bitsPerByte as MetricV1<never>,
  bleu: bleuMetric as MetricV1<never>,
  chrf: chrfMetric as MetricV1<never>,
  'chrf++': chrfPlusPlusMetric as MetricV1<never>,
};

/**
 * Looks a metric up by name, with an InputError listing the known names.
 *
 * @example
 * ```ts
 * import { getMetric } from '@oellm/eval';
 * getMetric('bits_per_byte').higherIsBetter; // false
 * ```
 */
export function getMetric(name: string): MetricV1<unknown> {
  const metric = builtinMetrics[name];
  if (!metric) {
    throw new InputError({ code: 'unknown_metric', message: `unknown metric "${name}"; use one of ${Object.keys(builtinMetrics).join(', ')}`, location: { field: 'metrics' } });
  }
  return metric as MetricV1<unknown>;
}
