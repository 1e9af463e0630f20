/**
 * Turns per-sample values into one score, with its standard error where defined.
 * Corpus metrics (BLEU, chrF) aggregate sufficient statistics, not means of sentence scores.
 *
 * @example
 * ```ts
 * import type { MetricV1 } from '@oellm/core';
 *
 * export const accuracy: MetricV1<number> = {
 *   specificationVersion: 'v1',
 *   name: 'acc',
 *   higherIsBetter: true,
 *   aggregate: (items) => items.reduce((sum, item) => sum + item, 0) / items.length,
 * };
 * ```
 */
export interface MetricV1<Item = number> {
  readonly specificationVersion: 'v1';
  /** lm-evaluation-harness's name where one exists: `acc`, `acc_norm`, `bleu`, `chrf`, `bits_per_byte`. */
  readonly name: string;
  readonly higherIsBetter: boolean;
  aggregate(items: readonly Item[]): number;
  standardError?(items: readonly Item[]): number | undefined;
}

/**
 * The current version of {@link MetricV1}: code written against `Metric` follows the newest spec; name `MetricV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { Metric } from '@oellm/core';
 * export function describe(value: Metric): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type Metric<Item = number> = MetricV1<Item>;
