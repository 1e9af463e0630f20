import { InputError } from '@oellm/core';
import { corpusStatistics, sumStatistics } from './bleu.js';
import { codePoints, removeWhitespace, splitWhitespace } from './python-text.js';
import { formatSignature, sacrebleuCompatibleVersion } from './signature.js';

// chrF (Popović 2015) and chrF++ (Popović 2017) as sacreBLEU 2.x computes them
// (sacrebleu/metrics/chrf.py, class CHRF): per-order [hypothesis n-grams, reference n-grams, matches]
// for character orders 1..charOrder then word orders 1..wordOrder, summed over the corpus; the
// F-beta of the averaged precision and recall over orders that have both sides (the default), or
// chrF++.py's epsilon smoothing. With several references the one with the best F wins per segment.

/** Options of {@link createChrf}; the defaults are sacreBLEU's chrF (word order 0, beta 2). */
export interface ChrfOptions {
  /** Default 6. */
  charOrder?: number;
  /** 0 is chrF, 2 is chrF++. Default 0. */
  wordOrder?: number;
  /** Default 2. */
  beta?: number;
  /** Default `false`. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams. Default `false`. */
  whitespace?: boolean;
  /** chrF++.py / NLTK / Moses epsilon smoothing instead of sacreBLEU's effective order. Default `false`. */
  epsSmoothing?: boolean;
}

/** A chrF score: `name` is sacreBLEU's (`chrF2`, `chrF2++`). */
export interface ChrfScore {
  name: string;
  /** 0–100. */
  score: number;
}

// string.punctuation: chrF++ splits one of these off the start or end of a word.
const punctuation = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

function countNgrams(items: readonly string[], order: number, joiner: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + order <= items.length; start++) {
    const key = order === 1 ? items[start]! : items.slice(start, start + order).join(joiner);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** sacreBLEU `_remove_punctuation` (one punctuation mark split off the end, else off the start). */
function wordsWithPunctuationSplit(segment: string): string[] {
  const words: string[] = [];
  for (const word of splitWhitespace(segment)) {
    const characters = codePoints(word);
    if (characters.length === 1) {
      words.push(word);
    } else if (punctuation.has(characters[characters.length - 1]!)) {
      words.push(characters.slice(0, -1).join(''), characters[characters.length - 1]!);
    } else if (punctuation.has(characters[0]!)) {
      words.push(characters[0]!, characters.slice(1).join(''));
    } else {
      words.push(word);
    }
  }
  return words;
}

/**
 * A chrF / chrF++ metric instance: segment statistics, corpus score and sacreBLEU's signature.
 *
 * @example
 * ```ts
 * import { createChrf } from '@oellm/eval';
 * const chrfPlusPlus = createChrf({ wordOrder: 2 });
 * chrfPlusPlus.corpusScore(['Die Katze schläft.'], [['Die Katze schläft.']]).score; // 100
 * ```
 */
export function createChrf(options: ChrfOptions = {}) {
  const charOrder = options.charOrder ?? 6;
  const wordOrder = options.wordOrder ?? 0;
  const beta = options.beta ?? 2;
  const lowercase = options.lowercase ?? false;
  const whitespace = options.whitespace ?? false;
  const epsSmoothing = options.epsSmoothing ?? false;
  for (const [field, value] of [['charOrder', charOrder], ['wordOrder', wordOrder], ['beta', beta]] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new InputError({ code: 'invalid_option', message: `${field} must be a non-negative integer, got ${value}`, location: { field } });
    }
  }
  const orders = charOrder + wordOrder;

  function ngramsOf(segment: string): Map<string, number>[] {
    const text = lowercase ? segment.toLowerCase() : segment;
    const characters = codePoints(whitespace ? text : removeWhitespace(text));
    const result: Map<string, number>[] = [];
    for (let order = 1; order <= charOrder; order++) result.push(countNgrams(characters, order, ''));
    if (wordOrder > 0) {
      const words = wordsWithPunctuationSplit(text);
      for (let order = 1; order <= wordOrder; order++) result.push(countNgrams(words, order, ' '));
    }
    return result;
  }

  /** sacreBLEU `_compute_f_score` on [hyp, ref, match] triples. */
  function fScore(statistics: readonly number[]): number {
    const epsilon = 1e-16;
    const factor = beta ** 2;
    let score = 0;
    let effectiveOrder = 0;
    let averagePrecision = 0;
    let averageRecall = 0;
    for (let order = 0; order < orders; order++) {
      const hypothesisCount = statistics[3 * order]!;
      const referenceCount = statistics[3 * order + 1]!;
      const matchCount = statistics[3 * order + 2]!;
      const precision = hypothesisCount > 0 ? matchCount / hypothesisCount : epsilon;
      const recall = referenceCount > 0 ? matchCount / referenceCount : epsilon;
      const denominator = factor * precision + recall;
      score += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : epsilon;
      if (hypothesisCount > 0 && referenceCount > 0) {
        averagePrecision += precision;
        averageRecall += recall;
        effectiveOrder++;
      }
    }
    if (epsSmoothing) return (100 * score) / orders;
    if (effectiveOrder === 0) {
      averagePrecision = 0;
      averageRecall = 0;
    } else {
      averagePrecision /= effectiveOrder;
      averageRecall /= effectiveOrder;
    }
    if (averagePrecision + averageRecall) {
      return (100 * ((1 + factor) * averagePrecision * averageRecall)) / (factor * averagePrecision + averageRecall);
    }
    return 0;
  }

  function segmentStatistics(hypothesis: string, references: readonly (string | null)[]): number[] {
    const hypothesisNgrams = ngramsOf(hypothesis);
    let best: number[] = [];
    let bestScore = -1;
    for (const reference of references) {
      if (reference === null) continue;
      const referenceNgrams = ngramsOf(reference);
      const statistics: number[] = [];
      for (let order = 0; order < orders; order++) {
        const hypothesisCounts = hypothesisNgrams[order]!;
        const referenceCounts = referenceNgrams[order]!;
        let hypothesisTotal = 0;
        let matches = 0;
        for (const [key, count] of hypothesisCounts) {
          hypothesisTotal += count;
          const referenceCount = referenceCounts.get(key);
          if (referenceCount !== undefined) matches += Math.min(count, referenceCount);
        }
        let referenceTotal = 0;
        for (const count of referenceCounts.values()) referenceTotal += count;
        // No hits are counted when the reference has no n-gram of this order.
        statistics.push(referenceCounts.size > 0 ? hypothesisTotal : 0, referenceTotal, matches);
      }
      const score = fScore(statistics);
      if (score > bestScore) {
        bestScore = score;
        best = statistics;
      }
    }
    return best.length > 0 ? best : new Array<number>(3 * orders).fill(0);
  }

  const name = `chrF${beta}${'+'.repeat(wordOrder)}`;
  return {
    name: wordOrder === 2 ? ('chrf++' as const) : ('chrf' as const),
    displayName: name,
    segmentStatistics,
    scoreFromStatistics(statistics: readonly number[]): ChrfScore {
      return { name, score: fScore(statistics) };
    },
    corpusScore(hypotheses: readonly string[], references: readonly (readonly (string | null)[])[]): ChrfScore {
      return { name, score: fScore(sumStatistics(corpusStatistics(hypotheses, references, segmentStatistics))) };
    },
    /** sacreBLEU's signature; `referenceCount` is a number or `'var'`. */
    signature(referenceCount: number | 'var', bootstrap?: { resamples: number; seed: number }): string {
      return formatSignature(referenceCount, bootstrap, [
        ['case', lowercase ? 'lc' : 'mixed'],
        ['eff', epsSmoothing ? 'no' : 'yes'],
        ['nc', charOrder],
        ['nw', wordOrder],
        ['space', whitespace ? 'yes' : 'no'],
      ]);
    },
    version: sacrebleuCompatibleVersion,
  };
}

/** A chrF instance as returned by {@link createChrf}. */
export type Chrf = ReturnType<typeof createChrf>;
