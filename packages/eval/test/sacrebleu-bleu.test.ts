// Expected values are sacreBLEU's own published test cases, transcribed with their source:
// github.com/mjpost/sacrebleu at v2.6.0-1-gf615c72 (commit f615c7286d4d813370efb824d94fc2bfcd3a6b94),
// test/test_bleu.py, test/test_sentence_bleu.py and the README's Python API examples.
// They are the reference tool's numbers, not ours. The `intl` and `char` tokenizer cases are not
// transcribed: this package implements the `13a` and `none` tokenizers only.
import { describe, expect, it } from 'vitest';
import { computeBleu, countReferences, createBleu, type BleuOptions } from '../src/index.js';

/** sacreBLEU `compat.raw_corpus_bleu`: no tokenisation, floor smoothing, effective order. */
function rawCorpusBleu(hypotheses: string[], references: string[][], smoothValue?: number): number {
  return createBleu({ tokenize: 'none', smoothMethod: 'floor', smoothValue, effectiveOrder: true }).corpusScore(hypotheses, references).score / 100;
}

const readmeReferences = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const readmeHypotheses = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('BLEU against sacreBLEU test/test_bleu.py', () => {
  const epsilon = 1e-8;

  it.each([
    [['this is a test', 'another test'], [['ref1', 'ref2']], 0.0],
    [['this is a test'], [['this is a test']], 1.0],
    [['this is a fest'], [['this is a test']], 0.223606797749979],
  ])('test_raw_bleu %j', (hypotheses, references, expected) => {
    expect(Math.abs(rawCorpusBleu(hypotheses, references, 0.01) - expected)).toBeLessThan(epsilon);
  });

  it.each<[readonly string[], BleuOptions, number]>([
    [readmeHypotheses, {}, 48.530827],
    [['', '', ''], {}, 0.0],
    [readmeHypotheses, { tokenize: 'none' }, 49.1919566],
    [readmeHypotheses, { tokenize: '13a' }, 48.530827],
    [readmeHypotheses, { smoothMethod: 'none' }, 48.530827],
  ])('test_corpus_bleu %#', (hypotheses, options, expected) => {
    expect(Math.abs(createBleu(options).corpusScore(hypotheses, readmeReferences).score - expected)).toBeLessThan(epsilon);
  });

  it.each([
    [['test'], [['a test']], 0.3678794411714425],
    [['a test'], [['a test']], 1.0],
    [['a little test'], [['a test']], 0.03218297948685433],
  ])('test_effective_order %j', (hypotheses, references, expected) => {
    expect(Math.abs(rawCorpusBleu(hypotheses, references, 0.01) - expected)).toBeLessThan(epsilon);
  });

  it('test_statistics', () => {
    const score = createBleu({ tokenize: 'none', smoothMethod: 'floor', smoothValue: 0.01, effectiveOrder: true }).corpusScore(
      ['am I am a character sequence'],
      [['I am a symbol string sequence a a']],
    );
    expect(score.counts).toEqual([4, 2, 1, 0]);
    expect(score.totals).toEqual([6, 5, 4, 3]);
  });

  it('test_scoring', () => {
    const score = computeBleu({ correct: [9, 7, 5, 3], total: [10, 8, 6, 4], hypothesisLength: 11, referenceLength: 11 }).score / 100;
    expect(Math.abs(score - 0.8375922397)).toBeLessThan(epsilon);
  });

  it('test_offset', () => {
    const hypotheses = ['am I am a character sequence'];
    const references = [['I am a symbol string sequence a a']];
    expect(Math.abs(rawCorpusBleu(hypotheses, references, 0.0) - 0)).toBeLessThan(epsilon);
    expect(Math.abs(rawCorpusBleu(hypotheses, references, undefined) - 0.1555722182)).toBeLessThan(epsilon);
  });

  it.each([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ])('test_degenerate_statistics %j %j', (correct, total, hypothesisLength, referenceLength, offset) => {
    const score = computeBleu({ correct, total, hypothesisLength, referenceLength }, { smoothMethod: 'floor', smoothValue: offset }).score / 100;
    expect(score).toBe(0);
  });

  it.each([
    [1, '77.65'],
    [2, '60.50'],
    [3, '53.93'],
    [4, '48.53'],
    [5, '46.14'],
    [6, '43.28'],
  ])('test_max_ngram_order %i', (order, expected) => {
    expect(createBleu({ maxNgramOrder: order }).corpusScore(readmeHypotheses, readmeReferences).score.toFixed(2)).toBe(expected);
  });
});

describe('sentence BLEU against sacreBLEU test/test_sentence_bleu.py', () => {
  const epsilon = 1e-3;
  // Example taken from sacreBLEU issue #98.
  const reference = 'producţia de zahăr brut se exprimă în zahăr alb;';
  const system = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';

  it.each<[BleuOptions['smoothMethod'], number | undefined, BleuOptions['tokenize'], number]>([
    ['exp', undefined, '13a', 8.493],
    ['none', undefined, '13a', 0.0],
    ['floor', undefined, '13a', 4.51688],
    ['floor', 0.1, '13a', 4.51688],
    ['floor', 0.5, '13a', 10.1],
    ['add-k', undefined, '13a', 14.882],
    ['add-k', 1, '13a', 14.882],
    ['add-k', 2, '13a', 21.389],
    ['exp', undefined, 'none', 7.347],
  ])('smooth %s value %s tokenize %s', (smoothMethod, smoothValue, tokenize, expected) => {
    const bleu = createBleu({ smoothMethod, smoothValue, tokenize, effectiveOrder: true });
    expect(Math.abs(bleu.corpusScore([system], [[reference]]).score - expected)).toBeLessThan(epsilon);
  });

  it.each<[BleuOptions['smoothMethod'], number | undefined]>([
    ['exp', undefined],
    ['none', undefined],
    ['floor', undefined],
    ['floor', 0.1],
    ['add-k', undefined],
    ['add-k', 1],
  ])('zero BLEU (issue #141) with %s %s', (smoothMethod, smoothValue) => {
    const bleu = createBleu({ smoothMethod, smoothValue, effectiveOrder: true });
    expect(bleu.corpusScore(['this is a cat'], [['okay thanks']]).score).toBe(0);
  });
});

describe('BLEU against the sacreBLEU README (Python API examples)', () => {
  it('prints the same score line and signature', () => {
    const bleu = createBleu();
    const score = bleu.corpusScore(readmeHypotheses, readmeReferences);
    expect(score.score.toFixed(2)).toBe('48.53');
    expect(score.verbose).toBe('82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)');
    // README: nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.0.0 (our version field names us).
    expect(bleu.signature(countReferences(readmeReferences))).toBe('nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0+oellm');
  });

  it('handles a variable number of references', () => {
    const references = [[null, ...readmeReferences[0]!.slice(1)], readmeReferences[1]!];
    const bleu = createBleu();
    const score = bleu.corpusScore(readmeHypotheses, references);
    expect(score.score.toFixed(2)).toBe('29.44');
    expect(score.verbose).toBe('82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)');
    expect(bleu.signature(countReferences(references))).toBe('nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0+oellm');
  });

  it('writes smoothing values into the signature as sacreBLEU does', () => {
    expect(createBleu({ smoothMethod: 'floor' }).signature(1)).toContain('|smooth:floor[0.10]|');
    expect(createBleu({ smoothMethod: 'add-k', smoothValue: 2 }).signature(1)).toContain('|smooth:add-k[2.00]|');
    expect(createBleu({ lowercase: true, tokenize: 'none' }).signature(1, { resamples: 1000, seed: 12345 })).toBe(
      'nrefs:1|bs:1000|seed:12345|case:lc|eff:no|tok:none|smooth:exp|version:2.6.0+oellm',
    );
  });

  it('rejects streams that are not line-aligned', () => {
    expect(() => createBleu().corpusScore(['a', 'b'], [['a']])).toThrow(/reference stream 1 has 1 segments but there are 2 hypotheses/);
  });
});
