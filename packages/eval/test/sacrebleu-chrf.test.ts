// Expected values are sacreBLEU's own published test cases, transcribed with their source:
// github.com/mjpost/sacrebleu commit f615c7286d4d813370efb824d94fc2bfcd3a6b94 (v2.6.0-1),
// test/test_chrf.py and the README's Python API example; and the chrF/chrF++ examples that
// Hugging Face evaluate publishes for its sacreBLEU wrapper (github.com/huggingface/evaluate,
// metrics/chrf/README.md at commit 55527e3f), whose numbers sacreBLEU computed.
import { describe, expect, it } from 'vitest';
import { createChrf, countReferences } from '../src/index.js';

const epsilon = 1e-4;

describe('chrF against sacreBLEU test/test_chrf.py', () => {
  it.each([
    [['abcdefg'], ['hijklmnop'], 0.0],
    [['a'], ['b'], 0.0],
    [[''], ['b'], 0.0],
    [[''], ['ref'], 0.0],
    [[''], ['reference'], 0.0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50.0],
    [['a b c'], ['abc'], 50.0],
    [
      [' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      63.36173,
    ],
    [
      [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      64.1302698,
    ],
    [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100.0],
  ])('test_chrf (epsilon smoothing) %j', (hypotheses, references, expected) => {
    const score = createChrf({ charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: true }).corpusScore(hypotheses, [references]).score;
    expect(Math.abs(score - expected)).toBeLessThan(epsilon);
  });

  it.each([
    [['a'], ['a'], 100.0],
    [[''], ['reference'], 0.0],
    [['a b c'], ['a b c'], 100.0],
    [['a b c'], ['abc'], 100.0],
    [[''], ['c'], 0.0],
    [['a', 'b'], ['a', 'c'], 50.0],
    [['aa'], ['ab'], 25.0],
  ])('test_chrf_eff_order %j', (hypotheses, references, expected) => {
    const score = createChrf({ charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: false }).corpusScore(hypotheses, [references]).score;
    expect(Math.abs(score - expected)).toBeLessThan(epsilon);
  });

  it.each([
    [
      ['Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.'],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      67.3481606,
    ],
    [
      ['risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      65.2414427,
    ],
  ])('test_chrf_keep_whitespace %j', (hypotheses, references, expected) => {
    const score = createChrf({ charOrder: 6, wordOrder: 0, beta: 3, whitespace: true }).corpusScore(hypotheses, [references]).score;
    expect(Math.abs(score - expected)).toBeLessThan(epsilon);
  });

  it.each([
    ['Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.', ['Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.'], 39.14078509],
    ['Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.', ['A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.'], 31.22557079],
    ['Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.', ['Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.'], 57.15704367],
  ])('test_chrf_sentence_level %s', (hypothesis, references, expected) => {
    // sentence_chrf: each reference is its own one-segment stream.
    const score = createChrf({ epsSmoothing: true }).corpusScore([hypothesis], references.map((reference) => [reference])).score;
    expect(Math.abs(score - expected)).toBeLessThan(epsilon);
  });
});

describe('chrF and chrF++ against published sacreBLEU outputs', () => {
  const readmeReferences = [
    ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
    ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
  ];
  const readmeHypotheses = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

  it('README: chrF2 = 59.73 with two reference sets', () => {
    const chrf = createChrf();
    const score = chrf.corpusScore(readmeHypotheses, readmeReferences);
    expect(score.name).toBe('chrF2');
    expect(score.score.toFixed(2)).toBe('59.73');
    expect(chrf.signature(countReferences(readmeReferences))).toBe('nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0+oellm');
  });

  const predictions = ['The relationship between cats and dogs is not exactly friendly.', 'a good bookshop is just a genteel black hole that knows how to read.'];
  // evaluate takes one list of references per prediction; sacreBLEU takes one stream per reference set.
  const referenceStream = [['The relationship between dogs and cats is not exactly friendly.', 'A good bookshop is just a genteel Black Hole that knows how to read.']];

  it('evaluate chrF example: 84.64214891738334', () => {
    expect(Math.abs(createChrf().corpusScore(predictions, referenceStream).score - 84.64214891738334)).toBeLessThan(epsilon);
  });

  it('evaluate chrF++ example (word_order=2): 82.87263732906315', () => {
    const chrfPlusPlus = createChrf({ wordOrder: 2 });
    const score = chrfPlusPlus.corpusScore(predictions, referenceStream);
    expect(score.name).toBe('chrF2++');
    expect(Math.abs(score.score - 82.87263732906315)).toBeLessThan(epsilon);
    expect(chrfPlusPlus.signature(1)).toBe('nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0+oellm');
  });

  it('evaluate chrF++ lowercase example: 92.12853119829202', () => {
    const score = createChrf({ wordOrder: 2, lowercase: true }).corpusScore(predictions, referenceStream).score;
    expect(Math.abs(score - 92.12853119829202)).toBeLessThan(epsilon);
  });
});
