import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@oellm/core';
import { countTrainingWords, loadSentencePieceTokenizer, sentencePieceTrainer, serializeModel, WordFrequencyTable } from '../src/index.js';
import { resolveTrainerOptions } from '../src/training/trainer-options.js';
import { unigramSeedPieces } from '../src/training/unigram-seeds.js';
import { bySelectionPreference, digamma } from '../src/training/unigram-trainer.js';
import { loadSentencePieceJs, prepareTrainerFixture, readLines, spmEncode, spmTrain } from './helpers/reference-tools.js';

// Unigram models our trainer makes must load in spm_encode and sentencepiece-js and segment
// exactly as our encoder does; compression is compared with spm_train --model_type=unigram.
let directory: string;
let trainingFile: string;
let trainingLines: string[];
let heldOut: string[];
let inputFile: string;

beforeAll(() => {
  ({ directory, trainingFile, trainingLines, heldOut, inputFile } = prepareTrainerFixture('unigram-trainer', 100, 900));
});

describe.each([
  ['nmt_nfkc (our generated charsmap)', { vocabularySize: 4000, modelType: 'unigram' as const }],
  ['identity, byte fallback and special symbols', { vocabularySize: 3000, modelType: 'unigram' as const, normalizationRuleName: 'identity' as const, byteFallback: true, userDefinedSymbols: ['<mask>', '@@'], controlSymbols: ['<ctl>'], splitDigits: true, characterCoverage: 0.98 }],
])('our Unigram trainer (%s)', (name, options) => {
  it('makes a model spm_encode and sentencepiece-js segment exactly as our encoder does', async () => {
    const trained = await sentencePieceTrainer.train(trainingLines, options);
    const [model] = await trained.save(join(directory, name.replace(/[ (),]/g, '-')));
    const tokenizer = await loadSentencePieceTokenizer(model!);
    expect(tokenizer.vocabularySize).toBe(options.vocabularySize);
    const lines = readLines(inputFile);
    const expected = spmEncode(model!, inputFile);
    const got = lines.map((line) => Array.from(tokenizer.encode(line)).join(' '));
    expect(got.findIndex((ids, index) => ids !== expected[index])).toBe(-1);
    const reference = await loadSentencePieceJs(model!);
    const sample = lines.filter((_, index) => index % 5 === 0);
    expect(sample.findIndex((line) => Array.from(reference.encodeIds(line)).join(' ') !== Array.from(tokenizer.encode(line)).join(' '))).toBe(-1);
  }, 180_000);
});

describe('our Unigram trainer vs spm_train --model_type=unigram', () => {
  it('compresses held-out FLORES no worse than spm_train at the same options', async () => {
    const options = { vocabularySize: 4000, modelType: 'unigram' as const, normalizationRuleName: 'identity' as const };
    const ours = (await sentencePieceTrainer.train(trainingLines, options)).tokenizer;
    const reference = await loadSentencePieceTokenizer(spmTrain(trainingFile, join(directory, 'spm-unigram'), { model_type: 'unigram', vocab_size: 4000, normalization_rule_name: 'identity' }));
    const bytes = heldOut.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
    const bytesPerToken = (tokenizer: typeof ours) => bytes / heldOut.reduce((sum, line) => sum + tokenizer.encode(line).length, 0);
    const [oursRate, referenceRate] = [bytesPerToken(ours), bytesPerToken(reference)];
    console.log(`held-out FLORES bytes/token at vocab 4000 (identity): ours ${oursRate.toFixed(3)}, spm_train ${referenceRate.toFixed(3)}`);
    expect(oursRate).toBeGreaterThanOrEqual(referenceRate);
    expect(oursRate).toBeLessThanOrEqual(referenceRate * 1.05);
  }, 180_000);

  it('is deterministic', async () => {
    const options = { vocabularySize: 1000, modelType: 'unigram' as const, normalizationRuleName: 'identity' as const };
    const first = await sentencePieceTrainer.trainModel(trainingLines.slice(0, 1500), options);
    const second = await sentencePieceTrainer.trainModel(trainingLines.slice(0, 1500), options);
    expect(Buffer.from(serializeModel(first.model)).equals(Buffer.from(serializeModel(second.model)))).toBe(true);
  }, 60_000);
});

describe('Unigram training steps', () => {
  it('counts how often each word ends a sentence (spm sees the sentence boundary after it, which the seed search needs)', async () => {
    const { words } = await countTrainingWords(['abc abd', 'abc', 'x abc abc', '  abd  '], { vocabularySize: 100, normalizationRuleName: 'identity', threads: 0 });
    const data = words.data();
    const decoder = new TextDecoder();
    const finalCounts = new Map(Array.from({ length: data.size }, (_, word) => [decoder.decode(data.bytes.subarray(data.starts[word]!, data.starts[word]! + data.lengths[word]!)), [data.counts[word]!, data.finalCounts![word]!]]));
    expect(finalCounts).toEqual(new Map([['▁abc', [4, 2]], ['▁abd', [2, 2]], ['▁x', [1, 0]]]));
    // Kept through a merge and through data() / fromData().
    const merged = WordFrequencyTable.fromData(data).merge(WordFrequencyTable.fromData(data));
    const mergedAbc = Array.from({ length: merged.size }, (_, word) => word).find((word) => decoder.decode(merged.word(word)[0]) === '▁abc')!;
    expect([merged.word(mergedAbc)[1], merged.finalCount(mergedAbc)]).toEqual([8, 4]);
  });

  it('chooses final pieces by float32 score, then the longer piece', () => {
    // -13.30033308 and -13.30033309 are the same float32 (the model cannot tell them apart); -13.3003 is not.
    expect(Math.fround(-13.30033308)).toBe(Math.fround(-13.30033309));
    const pieces: [string, number][] = [['ab', -13.30033308], ['zz', -13.3003], ['abcd', -13.30033309], ['ac', -13.30033309]];
    expect(pieces.sort(bySelectionPreference).map(([piece]) => piece)).toEqual(['zz', 'abcd', 'ab', 'ac']);
  });

  it('digamma matches its definition at known points', () => {
    const eulerGamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-eulerGamma, 9);
    expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.LN2, 9);
    expect(digamma(10)).toBeCloseTo(-eulerGamma + Array.from({ length: 9 }, (_, index) => 1 / (index + 1)).reduce((sum, value) => sum + value, 0), 9);
  });

  it('seeds are all characters, then right-branching repeated substrings by frequency × length', () => {
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity' });
    // As spm's suffix array over "▁abc▁abc▁abd": "▁ab" occurs 3 times and continues with c or d,
    // so it is a seed of weight 3 × 3, and "ab" of weight 3 × 2. "▁a" is always followed by b, and
    // "▁abc", "abc", "bc" always by the next word's ▁: not branching, no seeds.
    const seeds = unigramSeedPieces([['▁abc', 2], ['▁abd', 1]], 100, options).map(({ piece }) => piece);
    expect(seeds.slice(0, 5).sort()).toEqual(['a', 'b', 'c', 'd', '▁']);
    expect(seeds.slice(5)).toEqual(['▁ab', 'ab']);
    expect(unigramSeedPieces([['▁abc', 2], ['▁abd', 1]], 6, options)).toHaveLength(6);
  });

  it('a vocabulary larger than the corpus supports is an InputError naming the feasible size', async () => {
    const error = await sentencePieceTrainer.train(['abc abd'], { vocabularySize: 500, modelType: 'unigram', normalizationRuleName: 'identity' }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/at most \d+ pieces/);
  });

  it('rejects bad Unigram options', async () => {
    await expect(sentencePieceTrainer.train(['a b'], { vocabularySize: 10, modelType: 'unigram', shrinkingFactor: 1.5 })).rejects.toThrow(/shrinkingFactor/);
    await expect(sentencePieceTrainer.train(['a b'], { vocabularySize: 10, modelType: 'unigram', numSubIterations: 0 })).rejects.toThrow(/numSubIterations/);
  });
});
