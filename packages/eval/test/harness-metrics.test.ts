// Expected values follow lm-evaluation-harness's definitions (lm_eval/api/metrics.py and
// lm_eval/api/task.py at commit 4e7e0d47): mean, sample_stddev / sqrt(n), exp(-mean),
// exp(-Σll/Σweight), -Σll/Σbytes/ln 2, argmax(ll / len(choice)) — worked out by hand below.
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  bitsPerByte,
  bleuMetric,
  bootstrapCorpusScore,
  bytePerplexity,
  chrfPlusPlusMetric,
  countRegexWords,
  createBleu,
  corpusStatistics,
  meanStandardError,
  normalizedAccuracy,
  perplexity,
  scoreMultipleChoice,
  wordPerplexity,
} from '../src/index.js';

describe('lm-evaluation-harness metrics', () => {
  it('acc is the mean with stderr = sample stddev / sqrt(n)', () => {
    // mean 0.6; sample variance = (3·0.16 + 2·0.36) / 4 = 0.3; stderr = sqrt(0.3 / 5)
    const items = [1, 1, 1, 0, 0];
    expect(accuracy.aggregate(items)).toBeCloseTo(0.6, 12);
    expect(accuracy.standardError?.(items)).toBeCloseTo(Math.sqrt(0.3 / 5), 12);
    expect(normalizedAccuracy.name).toBe('acc_norm');
    expect(meanStandardError([2, 4])).toBeCloseTo(1, 12);
  });

  it('perplexity is exp(-mean loglikelihood)', () => {
    expect(perplexity.aggregate([Math.log(0.25), Math.log(0.25)])).toBeCloseTo(4, 12);
    expect(perplexity.higherIsBetter).toBe(false);
  });

  it('word and byte perplexity and bits per byte weight by counts', () => {
    // Σll = -6 ln 2 over 3 words / 6 bytes.
    const items = [
      [-2 * Math.LN2, 1],
      [-4 * Math.LN2, 2],
    ] as const;
    expect(wordPerplexity.aggregate(items)).toBeCloseTo(4, 12);
    expect(bytePerplexity.aggregate([[-6 * Math.LN2, 6]])).toBeCloseTo(2, 12);
    expect(bitsPerByte.aggregate([[-6 * Math.LN2, 4], [-2 * Math.LN2, 4]])).toBeCloseTo(1, 12);
  });

  it('counts words as Python len(re.split(r"\\s+", text))', () => {
    expect(countRegexWords('a b  c')).toBe(3);
    expect(countRegexWords(' a')).toBe(2);
    expect(countRegexWords('a\u0085b')).toBe(2); // NEL is whitespace in Python, not in JavaScript's \s
    expect(countRegexWords('')).toBe(1);
  });

  it('acc_norm divides by the choice length in characters, first maximum wins', () => {
    expect(scoreMultipleChoice([-1, -3], ['A', 'BBBB'], 1)).toEqual({ acc: 0, acc_norm: 1, prediction: 0, normalizedPrediction: 1 });
    expect(scoreMultipleChoice([-2, -2], ['x', 'y'], 0)).toMatchObject({ prediction: 0, normalizedPrediction: 0 });
    // 'ħ😀' is 2 code points as Python's len (3 UTF-16 units would pick choice 0).
    expect(scoreMultipleChoice([-4.2, -2], ['ħ😀', 'a'], 0).normalizedPrediction).toBe(1);
  });
});

describe('bootstrap standard errors', () => {
  const hypotheses = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.', 'A cat sat.'];
  const references = [['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.', 'The cat sat down.']];

  it('is deterministic for a seed and changes with it', () => {
    const bleu = createBleu();
    const statistics = corpusStatistics(hypotheses, references, bleu.segmentStatistics);
    const score = (sums: number[]) => bleu.scoreFromStatistics(sums).score;
    const first = bootstrapCorpusScore(statistics, score, { resamples: 200, seed: 7 });
    const second = bootstrapCorpusScore(statistics, score, { resamples: 200, seed: 7 });
    const other = bootstrapCorpusScore(statistics, score, { resamples: 200, seed: 8 });
    expect(first).toEqual(second);
    expect(first.standardError).not.toBe(other.standardError);
    expect(first.standardError).toBeGreaterThan(0);
    expect(first.confidenceHalfWidth).toBeGreaterThan(0);
  });

  it('corpus metrics aggregate statistics, not sentence means', () => {
    const items = hypotheses.map((hypothesis, index) => ({ hypothesis, references: [references[0]![index]!] }));
    expect(bleuMetric.aggregate(items)).toBeCloseTo(createBleu().corpusScore(hypotheses, references).score, 10);
    expect(bleuMetric.standardError?.(items)).toBe(bleuMetric.standardError?.(items));
    expect(chrfPlusPlusMetric.aggregate(items)).toBeGreaterThan(0);
  });
});
