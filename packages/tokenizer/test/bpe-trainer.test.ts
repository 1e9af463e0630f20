import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@oellm/core';
import { loadSentencePieceTokenizer, sentencePieceTrainer, serializeModel } from '../src/index.js';
import { loadSentencePieceJs, prepareTrainerFixture, readLines, spmEncode, spmTrain } from './helpers/reference-tools.js';

// Models our trainer makes must load in spm_encode and sentencepiece-js and segment exactly as
// our encoder does; compression is compared with spm_train's model at the same options.
let directory: string;
let trainingFile: string;
let trainingLines: string[];
let heldOut: string[];
let inputFile: string;

beforeAll(() => {
  ({ directory, trainingFile, trainingLines, heldOut, inputFile } = prepareTrainerFixture('bpe-trainer', 200, 200));
});

async function trainAndSave(name: string, options: Parameters<typeof sentencePieceTrainer.train>[1]): Promise<string> {
  const trained = await sentencePieceTrainer.train(trainingLines, options);
  const [model] = await trained.save(join(directory, name));
  return model!;
}

describe.each([
  ['nmt_nfkc (our generated charsmap)', { vocabularySize: 4000, modelType: 'bpe' as const }],
  ['nmt_nfkc_cf (case-folded, our generated charsmap)', { vocabularySize: 2000, modelType: 'bpe' as const, normalizationRuleName: 'nmt_nfkc_cf' as const }],
  ['identity, byte fallback and special symbols', { vocabularySize: 3000, modelType: 'bpe' as const, normalizationRuleName: 'identity' as const, byteFallback: true, userDefinedSymbols: ['<mask>', '@@'], controlSymbols: ['<ctl>'], splitDigits: true, characterCoverage: 0.98 }],
])('our BPE trainer (%s)', (name, options) => {
  it('makes a model spm_encode and sentencepiece-js segment exactly as our encoder does', async () => {
    const model = await trainAndSave(name.replace(/ /g, '-'), options);
    const tokenizer = await loadSentencePieceTokenizer(model);
    const lines = readLines(inputFile);
    const expected = spmEncode(model, inputFile);
    const got = lines.map((line) => Array.from(tokenizer.encode(line)).join(' '));
    expect(got.findIndex((ids, index) => ids !== expected[index])).toBe(-1);
    const reference = await loadSentencePieceJs(model);
    const sample = lines.filter((_, index) => index % 5 === 0);
    expect(sample.findIndex((line) => Array.from(reference.encodeIds(line)).join(' ') !== Array.from(tokenizer.encode(line)).join(' '))).toBe(-1);
    expect(tokenizer.vocabularySize).toBe(options.vocabularySize);
    // Case folding happens before training: no piece may keep a letter that folds to another.
    if (name.startsWith('nmt_nfkc_cf')) {
      const pieces = Array.from({ length: tokenizer.vocabularySize }, (_, id) => tokenizer.idToPiece(id)).filter((piece) => !/^<.*>$/.test(piece));
      expect(pieces.filter((piece) => piece !== piece.toLowerCase())).toEqual([]);
    }
  }, 180_000);
});

describe('our BPE trainer vs spm_train', () => {
  it('compresses held-out FLORES at least as well as spm_train at the same options (within 0.5%)', async () => {
    const ours = await loadSentencePieceTokenizer(await trainAndSave('compare', { vocabularySize: 4000, modelType: 'bpe' }));
    const reference = await loadSentencePieceTokenizer(spmTrain(trainingFile, join(directory, 'spm-compare'), { model_type: 'bpe', vocab_size: 4000 }));
    const bytes = heldOut.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
    const bytesPerToken = (tokenizer: typeof ours) => bytes / heldOut.reduce((sum, line) => sum + tokenizer.encode(line).length, 0);
    expect(bytesPerToken(ours)).toBeGreaterThanOrEqual(bytesPerToken(reference) * 0.995);
  }, 180_000);

  it('is deterministic', async () => {
    const first = await sentencePieceTrainer.trainModel(trainingLines.slice(0, 2000), { vocabularySize: 1000, modelType: 'bpe', normalizationRuleName: 'identity' });
    const second = await sentencePieceTrainer.trainModel(trainingLines.slice(0, 2000), { vocabularySize: 1000, modelType: 'bpe', normalizationRuleName: 'identity' });
    expect(Buffer.from(serializeModel(first.model)).equals(Buffer.from(serializeModel(second.model)))).toBe(true);
  });
});

describe('bad training input', () => {
  it('an empty corpus is an InputError', async () => {
    await expect(sentencePieceTrainer.train(['', '   '], { vocabularySize: 100, modelType: 'bpe', normalizationRuleName: 'identity' })).rejects.toThrow(InputError);
    await expect(sentencePieceTrainer.train([], { vocabularySize: 100, modelType: 'bpe', normalizationRuleName: 'identity' })).rejects.toThrow(/no usable sentences/);
  });

  it('a vocabulary larger than the corpus supports names the largest feasible size', async () => {
    const error = await sentencePieceTrainer.train(['abc abd'], { vocabularySize: 500, modelType: 'bpe', normalizationRuleName: 'identity' }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    const feasible = Number(/at most (\d+) pieces/.exec((error as Error).message)![1]);
    // The feasible size really trains.
    const trained = await sentencePieceTrainer.train(['abc abd'], { vocabularySize: feasible, modelType: 'bpe', normalizationRuleName: 'identity' });
    expect(trained.tokenizer.vocabularySize).toBe(feasible);
  });

  it('skips and counts over-long lines and lines with the reserved U+2585', async () => {
    const { statistics } = await sentencePieceTrainer.trainModel(['short line', 'x'.repeat(5000), 'bad \u2585 line', 'another line'], { vocabularySize: 30, modelType: 'bpe', normalizationRuleName: 'identity' });
    expect(statistics).toMatchObject({ sentences: 2, skippedTooLong: 1, skippedReservedCharacter: 1 });
  });

  it('rejects an unknown model type with a clear message', async () => {
    await expect(sentencePieceTrainer.train(['a b'], { vocabularySize: 10, modelType: 'word' as 'bpe' })).rejects.toThrow(/'unigram' or 'bpe'/);
  });
});
