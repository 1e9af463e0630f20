import type { MetricV1 } from '@oellm/core';
import { bootstrapCorpusScore, defaultBootstrapSeed } from './bootstrap.js';

// lm-evaluation-harness metric definitions (lm_eval/api/metrics.py, commit 4e7e0d4):
// `mean`, `sample_stddev`, `mean_stderr`, `perplexity` = exp(-mean(loglikelihoods)),
// `weighted_perplexity` = exp(-Σ loglikelihood / Σ weight) for word_perplexity and
// byte_perplexity, `bits_per_byte` = -Σ loglikelihood / Σ bytes / ln 2.

/** A (log-likelihood, weight) pair: the weight is a word or byte count (lm-eval's rolling items). */
export type WeightedLoglikelihood = readonly [logLikelihood: number, weight: number];

/**
 * Arithmetic mean (lm-eval `mean`).
 *
 * @example
 * ```ts
 * mean([1, 0, 1, 1]); // 0.75
 * ```
 */
export function mean(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

/**
 * Sample standard deviation with Bessel's correction (lm-eval `sample_stddev`).
 *
 * @example
 * ```ts
 * sampleStandardDeviation([1, 0, 1, 1]); // 0.5
 * ```
 */
export function sampleStandardDeviation(values: readonly number[]): number {
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Standard error of a mean: sample stddev / √n (lm-eval `mean_stderr`).
 *
 * @example
 * ```ts
 * meanStandardError([1, 0, 1, 1]); // 0.25
 * ```
 */
export function meanStandardError(values: readonly number[]): number {
  return sampleStandardDeviation(values) / Math.sqrt(values.length);
}

function weightedMean(items: readonly WeightedLoglikelihood[]): number {
  let logLikelihood = 0;
  let weight = 0;
  for (const [value, itemWeight] of items) {
    logLikelihood += value;
    weight += itemWeight;
  }
  return logLikelihood / weight;
}

function meanMetric(name: string): MetricV1<number> {
  return {
    specificationVersion: 'v1',
    name,
    higherIsBetter: true,
    aggregate: mean,
    standardError: (items) => (items.length > 1 ? meanStandardError(items) : undefined),
  };
}

/**
 * Accuracy: the mean of per-sample 0/1 values; standard error sample stddev / √n.
 *
 * @example
 * ```ts
 * import { accuracy } from '@oellm/eval';
 * accuracy.aggregate([1, 0, 1, 1]); // 0.75
 * accuracy.standardError?.([1, 0, 1, 1]); // 0.25
 * ```
 */
export const accuracy: MetricV1<number> = meanMetric('acc');

/**
 * Length-normalised accuracy (lm-eval `acc_norm`: argmax of loglikelihood / choice length in characters).
 *
 * @example
 * ```ts
 * import { normalizedAccuracy } from '@oellm/eval';
 * normalizedAccuracy.aggregate([0, 1]); // 0.5
 * ```
 */
export const normalizedAccuracy: MetricV1<number> = meanMetric('acc_norm');

/**
 * Perplexity of per-sample loglikelihoods: exp(-mean). Its standard error is a seeded bootstrap,
 * as lm-eval bootstraps `perplexity`.
 *
 * @example
 * ```ts
 * import { perplexity } from '@oellm/eval';
 * perplexity.aggregate([Math.log(0.5), Math.log(0.5)]); // 2
 * ```
 */
export const perplexity: MetricV1<number> = {
  specificationVersion: 'v1',
  name: 'perplexity',
  higherIsBetter: false,
  aggregate: (items) => Math.exp(-mean(items)),
  standardError: (items) =>
    items.length > 1 ? bootstrapCorpusScore(items.map((item) => [item, 1]), ([total, count]) => Math.exp(-total! / count!)).standardError : undefined,
};

function weightedMetric(name: string, aggregate: (items: readonly WeightedLoglikelihood[]) => number): MetricV1<WeightedLoglikelihood> {
  return {
    specificationVersion: 'v1',
    name,
    higherIsBetter: false,
    aggregate,
    // lm-eval reports no standard error for these; a seeded bootstrap over documents gives one.
    standardError: (items) =>
      items.length > 1
        ? bootstrapCorpusScore(items, ([logLikelihood, weight]) => aggregate([[logLikelihood!, weight!]]), { seed: defaultBootstrapSeed }).standardError
        : undefined,
  };
}

/**
 * Word perplexity: exp(-Σ loglikelihood / Σ words), words counted as Python's `len(re.split(r"\s+", text))`.
 *
 * @example
 * ```ts
 * import { wordPerplexity } from '@oellm/eval';
 * wordPerplexity.aggregate([[-2 * Math.LN2, 2]]); // 2
 * ```
 */
export const wordPerplexity = weightedMetric('word_perplexity', (items) => Math.exp(-weightedMean(items)));

/**
 * Byte perplexity: exp(-Σ loglikelihood / Σ UTF-8 bytes).
 *
 * @example
 * ```ts
 * import { bytePerplexity } from '@oellm/eval';
 * bytePerplexity.aggregate([[-4 * Math.LN2, 4]]); // 2
 * ```
 */
export const bytePerplexity = weightedMetric('byte_perplexity', (items) => Math.exp(-weightedMean(items)));

/**
 * Bits per byte: -Σ loglikelihood / Σ UTF-8 bytes / ln 2 — tokenizer-independent, so models with
 * different tokenizers compare fairly.
 *
 * @example
 * ```ts
 * import { bitsPerByte } from '@oellm/eval';
 * bitsPerByte.aggregate([[-4 * Math.LN2, 4]]); // 1
 * ```
 */
export const bitsPerByte = weightedMetric('bits_per_byte', (items) => -weightedMean(items) / Math.LN2);

/**
 * lm-eval's multiple-choice scoring of one document: `acc` from the raw argmax, `acc_norm` from
 * loglikelihood divided by the choice's length in characters (code points); ties go to the first.
 *
 * @example
 * ```ts
 * scoreMultipleChoice([-1, -3], ['A', 'BBBB'], 1); // { acc: 0, acc_norm: 1, prediction: 0, normalizedPrediction: 1 }
 * ```
 */
export function scoreMultipleChoice(
  logLikelihoods: readonly number[],
  choices: readonly string[],
  gold: number,
): { acc: number; acc_norm: number; prediction: number; normalizedPrediction: number } {
  let prediction = 0;
  let normalizedPrediction = 0;
  let best = -Infinity;
  let bestNormalized = -Infinity;
  for (let index = 0; index < logLikelihoods.length; index++) {
    const value = logLikelihoods[index]!;
    const normalized = value / Array.from(choices[index]!).length;
    if (value > best) {
      best = value;
      prediction = index;
    }
    if (normalized > bestNormalized) {
      bestNormalized = normalized;
      normalizedPrediction = index;
    }
  }
  return { acc: prediction === gold ? 1 : 0, acc_norm: normalizedPrediction === gold ? 1 : 0, prediction, normalizedPrediction };
}
