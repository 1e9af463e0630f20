import { InputError } from '@oellm/core';
import { formatFixed } from './format-fixed.js';
import { splitWhitespace, rstripWhitespace } from './python-text.js';
import { formatSignature, sacrebleuCompatibleVersion } from './signature.js';
import { tokenize13a, tokenizeNone } from './tokenize-13a.js';

// BLEU as sacreBLEU 2.x computes it (sacrebleu/metrics/bleu.py, class BLEU): per-segment
// sufficient statistics [hypothesis length, closest reference length, matches per order,
// totals per order], summed over the corpus, then geometric mean of precisions × brevity penalty.

/** Smoothing methods of sacreBLEU (Chen & Cherry 2014): `exp` is the default, as mteval-v13a. */
export type BleuSmoothing = 'none' | 'floor' | 'add-k' | 'exp';

/** Tokenizers available here: sacreBLEU's default `13a` and `none`. */
export type BleuTokenizer = '13a' | 'none';

/** Options of {@link createBleu}; the defaults are sacreBLEU's. */
export interface BleuOptions {
  /** Default `false`. */
  lowercase?: boolean;
  /** Default `'13a'`. */
  tokenize?: BleuTokenizer;
  /** Default `'exp'`. */
  smoothMethod?: BleuSmoothing;
  /** For `floor` (default 0.1) and `add-k` (default 1). */
  smoothValue?: number;
  /** Default 4. */
  maxNgramOrder?: number;
  /** Stop at the highest order with a match (for sentence-level BLEU). Default `false`. */
  effectiveOrder?: boolean;
}

/** BLEU score with the numbers sacreBLEU prints beside it. */
export interface BleuScore {
  /** 0–100. */
  score: number;
  counts: number[];
  totals: number[];
  /** Per-order precisions in percent. */
  precisions: number[];
  brevityPenalty: number;
  hypothesisLength: number;
  referenceLength: number;
  /** sacreBLEU's verbose part: `82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)`. */
  verbose: string;
}

const smoothingDefaults: Record<BleuSmoothing, number | undefined> = { none: undefined, floor: 0.1, 'add-k': 1, exp: undefined };

/** sacreBLEU's `my_log`: log floored for zero so the geometric mean goes to 0. */
function flooredLog(value: number): number {
  return value === 0 ? -9999999999 : Math.log(value);
}

/**
 * BLEU from corpus sufficient statistics (sacreBLEU `BLEU.compute_bleu`).
 *
 * @example
 * ```ts
 * computeBleu({ correct: [9, 7, 5, 3], total: [10, 8, 6, 4], hypothesisLength: 11, referenceLength: 11 }).score; // 83.759…
 * ```
 */
export function computeBleu(
  statistics: { correct: readonly number[]; total: readonly number[]; hypothesisLength: number; referenceLength: number },
  options: Pick<BleuOptions, 'smoothMethod' | 'smoothValue' | 'effectiveOrder' | 'maxNgramOrder'> = {},
): BleuScore {
  const smoothMethod = options.smoothMethod ?? 'none';
  const smoothValue = options.smoothValue ?? smoothingDefaults[smoothMethod] ?? 0;
  const maxOrder = options.maxNgramOrder ?? 4;
  const correct = statistics.correct.slice();
  const total = statistics.total.slice();
  const { hypothesisLength, referenceLength } = statistics;

  let brevityPenalty = 1;
  if (hypothesisLength < referenceLength) {
    brevityPenalty = hypothesisLength > 0 ? Math.exp(1 - referenceLength / hypothesisLength) : 0;
  }
  const precisions = new Array<number>(maxOrder).fill(0);
  const finish = (score: number): BleuScore => ({
    score,
    counts: correct,
    totals: total,
    precisions,
    brevityPenalty,
    hypothesisLength,
    referenceLength,
    verbose: verboseText(precisions, brevityPenalty, hypothesisLength, referenceLength),
  });
  // No match at any order gives 0 whatever the smoothing (sacreBLEU #141).
  if (!correct.some((count) => count !== 0)) return finish(0);

  let mtevalSmoothing = 1;
  let effectiveOrder = maxOrder;
  for (let order = 1; order <= maxOrder; order++) {
    const index = order - 1;
    if (smoothMethod === 'add-k' && order > 1) {
      correct[index]! += smoothValue;
      total[index]! += smoothValue;
    }
    if (total[index] === 0) break;
    if (options.effectiveOrder) effectiveOrder = order;
    if (correct[index] === 0) {
      if (smoothMethod === 'exp') {
        mtevalSmoothing *= 2;
        precisions[index] = 100 / (mtevalSmoothing * total[index]!);
      } else if (smoothMethod === 'floor') {
        precisions[index] = (100 * smoothValue) / total[index]!;
      }
    } else {
      precisions[index] = (100 * correct[index]!) / total[index]!;
    }
  }
  let logSum = 0;
  for (let index = 0; index < effectiveOrder; index++) logSum += flooredLog(precisions[index]!);
  return finish(brevityPenalty * Math.exp(logSum / effectiveOrder));
}

function verboseText(precisions: readonly number[], brevityPenalty: number, hypothesisLength: number, referenceLength: number): string {
  const ratio = referenceLength ? hypothesisLength / referenceLength : 0;
  const precisionText = precisions.map((precision) => formatFixed(precision, 1)).join('/');
  return `${precisionText} (BP = ${formatFixed(brevityPenalty, 3)} ratio = ${formatFixed(ratio, 3)} hyp_len = ${hypothesisLength} ref_len = ${referenceLength})`;
}

/** Word n-gram counts per order 1..maxOrder; keys join tokens with a space (tokens never contain one). */
function wordNgrams(tokens: readonly string[], maxOrder: number): Map<string, number>[] {
  const counts: Map<string, number>[] = [];
  for (let order = 1; order <= maxOrder; order++) {
    const map = new Map<string, number>();
    for (let start = 0; start + order <= tokens.length; start++) {
      const key = order === 1 ? tokens[start]! : tokens.slice(start, start + order).join(' ');
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    counts.push(map);
  }
  return counts;
}

/**
 * Number of statistics per segment: lengths plus matches and totals per order.
 *
 * @example
 * ```ts
 * import { bleuStatisticsWidth } from '@oellm/eval';
 * bleuStatisticsWidth(4); // 10: hypothesis and reference length, then matches and totals for orders 1-4
 * ```
 */
export function bleuStatisticsWidth(maxOrder = 4): number {
  return 2 + 2 * maxOrder;
}

/**
 * A BLEU metric instance: segment statistics, corpus score and sacreBLEU's signature.
 *
 * @example
 * ```ts
 * import { createBleu } from '@oellm/eval';
 * const bleu = createBleu();
 * const score = bleu.corpusScore(['The dog bit the man.'], [['The dog bit the man.']]);
 * console.log(score.score, bleu.signature(1)); // 100 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0+oellm'
 * ```
 */
export function createBleu(options: BleuOptions = {}) {
  const lowercase = options.lowercase ?? false;
  const tokenizerName = options.tokenize ?? '13a';
  const smoothMethod = options.smoothMethod ?? 'exp';
  const maxOrder = options.maxNgramOrder ?? 4;
  if (!Number.isInteger(maxOrder) || maxOrder < 1) {
    throw new InputError({ code: 'invalid_option', message: `maxNgramOrder must be a positive integer, got ${maxOrder}`, location: { field: 'maxNgramOrder' } });
  }
  if (!(smoothMethod in smoothingDefaults)) {
    throw new InputError({ code: 'invalid_option', message: `unknown BLEU smoothing "${smoothMethod}"; use none, floor, add-k or exp`, location: { field: 'smoothMethod' } });
  }
  const tokenize = tokenizerName === 'none' ? tokenizeNone : tokenize13a;
  const preprocess = (segment: string) => tokenize(rstripWhitespace(lowercase ? segment.toLowerCase() : segment));

  /** Statistics of one hypothesis against its references (`null` references are absent ones). */
  function segmentStatistics(hypothesis: string, references: readonly (string | null)[]): number[] {
    let referenceNgrams: Map<string, number>[] | undefined;
    const referenceLengths: number[] = [];
    for (const reference of references) {
      if (reference === null) continue;
      const tokens = splitWhitespace(preprocess(reference));
      referenceLengths.push(tokens.length);
      const ngrams = wordNgrams(tokens, maxOrder);
      if (!referenceNgrams) {
        referenceNgrams = ngrams;
        continue;
      }
      // Multiple references: clip each n-gram by its highest count in any reference.
      for (let index = 0; index < maxOrder; index++) {
        const merged = referenceNgrams[index]!;
        for (const [key, count] of ngrams[index]!) if (count > (merged.get(key) ?? 0)) merged.set(key, count);
      }
    }
    const hypothesisTokens = splitWhitespace(preprocess(hypothesis));
    const hypothesisLength = hypothesisTokens.length;
    // Closest reference length; on a tie the shorter one (sacreBLEU `_get_closest_ref_len`).
    let closestDifference = -1;
    let closestLength = -1;
    for (const length of referenceLengths) {
      const difference = Math.abs(hypothesisLength - length);
      if (closestDifference === -1 || difference < closestDifference) {
        closestDifference = difference;
        closestLength = length;
      } else if (difference === closestDifference && length < closestLength) {
        closestLength = length;
      }
    }
    const statistics = new Array<number>(bleuStatisticsWidth(maxOrder)).fill(0);
    statistics[0] = hypothesisLength;
    statistics[1] = closestLength;
    const hypothesisNgrams = wordNgrams(hypothesisTokens, maxOrder);
    for (let index = 0; index < maxOrder; index++) {
      const referenceCounts = referenceNgrams?.[index];
      for (const [key, count] of hypothesisNgrams[index]!) {
        statistics[2 + maxOrder + index]! += count;
        const referenceCount = referenceCounts?.get(key);
        if (referenceCount !== undefined) statistics[2 + index]! += Math.min(count, referenceCount);
      }
    }
    return statistics;
  }

  function scoreFromStatistics(statistics: readonly number[]): BleuScore {
    return computeBleu(
      {
        hypothesisLength: statistics[0]!,
        referenceLength: statistics[1]!,
        correct: statistics.slice(2, 2 + maxOrder),
        total: statistics.slice(2 + maxOrder, 2 + 2 * maxOrder),
      },
      { smoothMethod, smoothValue: options.smoothValue, effectiveOrder: options.effectiveOrder, maxNgramOrder: maxOrder },
    );
  }

  return {
    name: 'bleu' as const,
    maxNgramOrder: maxOrder,
    segmentStatistics,
    scoreFromStatistics,
    /**
     * Corpus BLEU. `references` is sacreBLEU's layout: one stream per reference set,
     * each as long as `hypotheses`.
     */
    corpusScore(hypotheses: readonly string[], references: readonly (readonly (string | null)[])[]): BleuScore {
      return scoreFromStatistics(sumStatistics(corpusStatistics(hypotheses, references, segmentStatistics)));
    },
    /** sacreBLEU's signature; `referenceCount` is a number or `'var'`. */
    signature(referenceCount: number | 'var', bootstrap?: { resamples: number; seed: number }): string {
      const defaultValue = smoothingDefaults[smoothMethod];
      const smoothText = defaultValue === undefined ? smoothMethod : `${smoothMethod}[${formatFixed(options.smoothValue ?? defaultValue, 2)}]`;
      return formatSignature(referenceCount, bootstrap, [
        ['case', lowercase ? 'lc' : 'mixed'],
        ['eff', options.effectiveOrder ? 'yes' : 'no'],
        ['tok', tokenizerName],
        ['smooth', smoothText],
      ]);
    },
    version: sacrebleuCompatibleVersion,
  };
}

/** A BLEU instance as returned by {@link createBleu}. */
export type Bleu = ReturnType<typeof createBleu>;

/**
 * Checks sacreBLEU's stream layout and computes per-segment statistics.
 *
 * @example
 * ```ts
 * const statistics = corpusStatistics(['a'], [['a']], (hypothesis, references) => [references.length]);
 * ```
 */
export function corpusStatistics(
  hypotheses: readonly string[],
  references: readonly (readonly (string | null)[])[],
  segmentStatistics: (hypothesis: string, references: readonly (string | null)[]) => number[],
): number[][] {
  if (references.length === 0) {
    throw new InputError({ code: 'missing_references', message: 'no reference stream given; pass at least one' });
  }
  references.forEach((stream, streamIndex) => {
    if (stream.length !== hypotheses.length) {
      throw new InputError({
        code: 'length_mismatch',
        message: `reference stream ${streamIndex + 1} has ${stream.length} segments but there are ${hypotheses.length} hypotheses; the files must be line-aligned`,
      });
    }
  });
  const statistics: number[][] = [];
  for (let segment = 0; segment < hypotheses.length; segment++) {
    statistics.push(segmentStatistics(hypotheses[segment]!, references.map((stream) => stream[segment]!)));
  }
  return statistics;
}

/**
 * Column sums of segment statistics (sacreBLEU `sum_of_lists`).
 *
 * @example
 * ```ts
 * sumStatistics([[1, 2], [3, 4]]); // [4, 6]
 * ```
 */
export function sumStatistics(statistics: readonly (readonly number[])[]): number[] {
  const width = statistics[0]?.length ?? 0;
  const sums = new Array<number>(width).fill(0);
  for (const row of statistics) for (let index = 0; index < width; index++) sums[index]! += row[index]!;
  return sums;
}

/**
 * sacreBLEU's reference count for a signature: the number of references per segment, or `'var'`.
 *
 * @example
 * ```ts
 * countReferences([['a', null], ['b', 'c']]); // 'var'
 * ```
 */
export function countReferences(references: readonly (readonly (string | null)[])[]): number | 'var' {
  const counts = new Set<number>();
  const segments = references[0]?.length ?? 0;
  for (let segment = 0; segment < segments; segment++) {
    let count = 0;
    for (const stream of references) if (stream[segment] !== null) count++;
    counts.add(count);
  }
  if (counts.size <= 1) return counts.size === 0 ? references.length : [...counts][0]!;
  return 'var';
}
