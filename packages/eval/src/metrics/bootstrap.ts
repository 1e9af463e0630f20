import { createSeededRandom } from './seeded-random.js';

/** What {@link bootstrapCorpusScore} returns. */
export interface BootstrapEstimate {
  /** Mean of the resampled scores. */
  mean: number;
  /** Sample standard deviation of the resampled scores: the standard error of the corpus score. */
  standardError: number;
  /** Half width of the 95 % interval, as sacreBLEU's `estimate_ci` (sorted scores, 1/40 from each end). */
  confidenceHalfWidth: number;
  resamples: number;
  seed: number;
}

/**
 * sacreBLEU's default seed (`SACREBLEU_SEED`); our generator differs from numpy's, so resamples do too.
 *
 * @example
 * ```ts
 * import { defaultBootstrapSeed } from '@oellm/eval';
 * console.log(defaultBootstrapSeed); // 12345, as sacreBLEU's SACREBLEU_SEED
 * ```
 */
export const defaultBootstrapSeed = 12345;

/**
 * Bootstrap resampling of segments for a corpus metric (sacreBLEU `_bootstrap_resample`): draw
 * `segments` indices with replacement `resamples` times, sum their statistics, rescore.
 * Deterministic for a given seed.
 *
 * @example
 * ```ts
 * const bleu = createBleu();
 * const statistics = corpusStatistics(hypotheses, references, bleu.segmentStatistics);
 * const estimate = bootstrapCorpusScore(statistics, (sums) => bleu.scoreFromStatistics(sums).score);
 * console.log(estimate.standardError);
 * ```
 */
export function bootstrapCorpusScore(
  statistics: readonly (readonly number[])[],
  score: (summedStatistics: number[]) => number,
  options: { resamples?: number; seed?: number } = {},
): BootstrapEstimate {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? defaultBootstrapSeed;
  const segments = statistics.length;
  const width = statistics[0]?.length ?? 0;
  const random = createSeededRandom(seed);
  const scores = new Float64Array(resamples);
  const sums = new Array<number>(width);
  for (let resample = 0; resample < resamples; resample++) {
    sums.fill(0);
    for (let draw = 0; draw < segments; draw++) {
      const row = statistics[Math.floor(random() * segments)]!;
      for (let index = 0; index < width; index++) sums[index]! += row[index]!;
    }
    scores[resample] = score(sums.slice());
  }
  let total = 0;
  for (const value of scores) total += value;
  const mean = resamples > 0 ? total / resamples : Number.NaN;
  let squares = 0;
  for (const value of scores) squares += (value - mean) ** 2;
  const standardError = resamples > 1 ? Math.sqrt(squares / (resamples - 1)) : Number.NaN;
  const sorted = scores.slice().sort();
  const lowerIndex = Math.floor(resamples / 40);
  const upperIndex = resamples - lowerIndex - 1;
  const confidenceHalfWidth = resamples > 0 ? 0.5 * (sorted[upperIndex]! - sorted[lowerIndex]!) : Number.NaN;
  return { mean, standardError, confidenceHalfWidth, resamples, seed };
}
