import type { MetricV1 } from '@oellm/core';
import { createBleu } from './bleu.js';
import { bootstrapCorpusScore } from './bootstrap.js';
import { createChrf } from './chrf.js';

/** One translated segment: the model's output and its reference(s). */
export interface TranslationItem {
  hypothesis: string;
  references: readonly string[];
}

function corpusMetric(
  name: string,
  instance: { segmentStatistics(hypothesis: string, references: readonly (string | null)[]): number[]; scoreFromStatistics(statistics: readonly number[]): { score: number } },
): MetricV1<TranslationItem> {
  const statisticsOf = (items: readonly TranslationItem[]) => items.map((item) => instance.segmentStatistics(item.hypothesis, item.references));
  return {
    specificationVersion: 'v1',
    name,
    higherIsBetter: true,
    // Corpus metrics sum segment statistics; they are not means of sentence scores.
    aggregate(items) {
      const statistics = statisticsOf(items);
      const width = statistics[0]?.length ?? 0;
      const sums = new Array<number>(width).fill(0);
      for (const row of statistics) for (let index = 0; index < width; index++) sums[index]! += row[index]!;
      return instance.scoreFromStatistics(sums).score;
    },
    standardError(items) {
      if (items.length < 2) return undefined;
      return bootstrapCorpusScore(statisticsOf(items), (sums) => instance.scoreFromStatistics(sums).score).standardError;
    },
  };
}

/**
 * Corpus BLEU (sacreBLEU defaults: 13a, exp smoothing) as a Metric; standard error by seeded bootstrap.
 *
 * @example
 * ```ts
 * import { bleuMetric } from '@oellm/eval';
 * bleuMetric.aggregate([{ hypothesis: 'The dog bit the man.', references: ['The dog bit the man.'] }]); // 100
 * ```
 */
export const bleuMetric: MetricV1<TranslationItem> = corpusMetric('bleu', createBleu());

/**
 * Corpus chrF (sacreBLEU defaults: character order 6, beta 2) as a Metric.
 *
 * @example
 * ```ts
 * import { chrfMetric } from '@oellm/eval';
 * chrfMetric.aggregate([{ hypothesis: 'a b c', references: ['a b c'] }]); // 100
 * ```
 */
export const chrfMetric: MetricV1<TranslationItem> = corpusMetric('chrf', createChrf());

/**
 * Corpus chrF++ (word n-grams up to order 2, beta 2) as a Metric.
 *
 * @example
 * ```ts
 * import { chrfPlusPlusMetric } from '@oellm/eval';
 * chrfPlusPlusMetric.aggregate([{ hypothesis: 'a b c', references: ['a b c'] }]); // 100
 * ```
 */
export const chrfPlusPlusMetric: MetricV1<TranslationItem> = corpusMetric('chrf++', createChrf({ wordOrder: 2 }));
