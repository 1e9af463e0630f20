import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytePiece, ModelType, PieceType, loadSentencePieceTokenizer, writeModelFile, type ModelProto, type SentencePiece } from '../src/index.js';
import { nearTiePieces, randomGenerator } from './helpers/near-tie-pieces.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, spmEncode, spmTrain, temporaryDirectory, writeTrainingText } from './helpers/reference-tools.js';

// The per-word cache must never change a segmentation. spm_encode (Debian sentencepiece 0.1.97)
// is the judge, on lines built to stress the cache: the same words over and over (hits), words
// glued to characters the vocabulary lacks (unknown pieces and byte fallback at word edges),
// user-defined symbols inside words, very long lines (large Viterbi path scores, where spm's
// float32 sums can decide near-ties differently), and synthetic models whose scores make
// near-ties frequent. Each is encoded with the cache on, off, and tiny (constant restarts).

let directory: string;
let models: Map<string, string>;

/** Lines of words over `alphabet`, drawn from a small pool so that words repeat, some of them very long. */
function cacheLines(alphabet: string[], seed: number, count: number): string[] {
  const random = randomGenerator(seed);
  const pool = Array.from({ length: 60 }, () => Array.from({ length: 1 + Math.floor(random() * 7) }, () => alphabet[Math.floor(random() * alphabet.length)]!).join(''));
  const lines: string[] = [];
  for (let line = 0; line < count; line++) {
    const words = line % 10 === 0 ? 400 + Math.floor(random() * 400) : 1 + Math.floor(random() * 40);
    lines.push(Array.from({ length: words }, () => pool[Math.floor(random() * pool.length)]!).join(random() < 0.1 ? '  ' : ' '));
  }
  return lines;
}

async function expectSpmIds(model: string, lines: string[], name: string, expectCache = true): Promise<void> {
  const inputFile = join(directory, `${name}.txt`);
  writeFileSync(inputFile, `${lines.join('\n')}\n`);
  const expected = spmEncode(model, inputFile);
  expect(expected).toHaveLength(lines.length);
  // Unigram with WebAssembly (the default) encodes whole lines without the cache; without it, the
  // JavaScript path uses the cache.
  for (const webAssembly of [true, false]) {
    for (const wordCacheSize of [undefined, 0, 8]) {
      const tokenizer = await loadSentencePieceTokenizer(model, { webAssembly, ...(wordCacheSize === undefined ? {} : { wordCacheSize }) });
      const isUnigram = (tokenizer.model.trainerSpec?.modelType ?? ModelType.unigram) === ModelType.unigram;
      expect(tokenizer.usesWordCache).toBe(expectCache && wordCacheSize !== 0 && !(isUnigram && webAssembly));
      const got = lines.map((line) => Array.from(tokenizer.encode(line)).join(' '));
      const first = got.findIndex((ids, index) => ids !== expected[index]);
      expect(first === -1 ? undefined : { webAssembly, wordCacheSize, line: first, text: lines[first], expected: expected[first], got: got[first] }).toBeUndefined();
    }
  }
}

/** A model spm_encode loads, with the given pieces after <unk>, <s>, </s> (identity normalisation). */
function syntheticModel(modelType: number, pieces: SentencePiece[], byteFallback = false): ModelProto {
  const bytes = byteFallback ? Array.from({ length: 256 }, (_, byte): SentencePiece => ({ piece: bytePiece(byte), score: 0, type: PieceType.byte })) : [];
  return {
    pieces: [{ piece: '<unk>', score: 0, type: PieceType.unknown }, { piece: '<s>', score: 0, type: PieceType.control }, { piece: '</s>', score: 0, type: PieceType.control }, ...bytes, ...pieces],
    trainerSpec: { modelType, vocabSize: 3 + bytes.length + pieces.length, byteFallback },
    normalizerSpec: { name: 'identity', precompiledCharsmap: new Uint8Array(0), addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true },
  };
}

beforeAll(() => {
  directory = temporaryDirectory('word-cache');
  models = trainReferenceModels();
}, 120_000);

describe('the word cache gives exactly the ids spm_encode prints', () => {
  const floresWords = (): string[] => floresFiles().flatMap(([, lines]) => lines.slice(0, 3)).flatMap((line) => line.split(' '));

  it.each(['unigram-nmt-nfkc', 'bpe-nmt-nfkc', 'unigram-identity-byte-fallback', 'bpe-identity-byte-fallback'])('%s: repeated words, words next to unknown characters, user-defined symbols, long lines', async (name) => {
    const words = floresWords();
    const alphabet = [...words.slice(0, 400), '中文', '字符', 'ǅ', '🇪🇺', '<mask>', '@@', 'x<mask>y', '中a中', '𝔘a', '12345', 'ab中cd'];
    await expectSpmIds(models.get(name)!, cacheLines(alphabet, 7, 300), name);
  }, 120_000);

  it('Unigram and BPE models with near-tie scores, with and without byte fallback', async () => {
    for (const [index, [modelType, byteFallback]] of ([[ModelType.unigram, false], [ModelType.unigram, true], [ModelType.bpe, false], [ModelType.bpe, true]] as const).entries()) {
      const model = join(directory, `near-tie-${index}.model`);
      await writeModelFile(model, syntheticModel(modelType, nearTiePieces(index + 1), byteFallback));
      await expectSpmIds(model, cacheLines(['a', 'b', 'c', 'd'], 100 + index, 400), `near-tie-${index}`);
    }
  }, 120_000);

  it('turns itself off for a model with ▁ inside pieces (split_by_whitespace=false) and still matches spm_encode', async () => {
    const input = writeTrainingText(directory, 40);
    const model = spmTrain(input, join(directory, 'no-split'), { model_type: 'unigram', vocab_size: 1000, split_by_whitespace: false });
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(100, 110));
    await expectSpmIds(model, lines, 'no-split', false);
  }, 120_000);
});
