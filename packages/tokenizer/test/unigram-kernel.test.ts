import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Segmentation } from '../src/encoder/segment-encoder.js';
import { UnigramEncoder } from '../src/encoder/unigram-encoder.js';
import { Vocabulary } from '../src/encoder/vocabulary.js';
import { bytePiece, loadSentencePieceTokenizer, ModelType, Normalizer, PieceType, readModelFile, writeModelFile, type ModelProto, type SentencePiece } from '../src/index.js';
import { nearTiePieces, randomGenerator } from './helpers/near-tie-pieces.js';
import { referenceConfigurations, trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, spmEncode, temporaryDirectory, trickyLines } from './helpers/reference-tools.js';

// The WebAssembly Unigram Viterbi (kernels/unigram-viterbi.ts) must decide exactly as the
// JavaScript one: same pieces, same score terms, and the same near-tie measurements the word cache
// relies on, for every model, including near-tie scores, user-defined symbols, unknown characters
// and byte fallback, from path score 0 and from the non-zero scores the word cache resegments
// from. spm_encode (Debian sentencepiece 0.1.97) judges both: the other test files run the kernel
// (the default) against it; here the JavaScript loop, which stays as the fallback, is checked too.

let directory: string;
let models: Map<string, string>;
const unigramModels = referenceConfigurations.filter(({ options }) => options.model_type === 'unigram').map(({ name }) => name);

/** A Unigram model over a, b, c whose piece scores (a few tenths apart) make near-tied paths common; `x` is unknown. */
function nearTieModel(seed: number, byteFallback: boolean): ModelProto {
  const pieces = nearTiePieces(seed);
  const bytes = byteFallback ? Array.from({ length: 256 }, (_, byte): SentencePiece => ({ piece: bytePiece(byte), score: 0, type: PieceType.byte })) : [];
  const all: SentencePiece[] = [{ piece: '<unk>', score: 0, type: PieceType.unknown }, { piece: '<s>', score: 0, type: PieceType.control }, { piece: '</s>', score: 0, type: PieceType.control }, { piece: 'ab@', score: 0, type: PieceType.userDefined }, ...bytes, ...pieces];
  return {
    pieces: all,
    trainerSpec: { modelType: ModelType.unigram, vocabSize: all.length, byteFallback },
    normalizerSpec: { name: 'identity', precompiledCharsmap: new Uint8Array(0), addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true },
  };
}

/** Lines of words over a, b, c (some with the user-defined `ab@` and the unknown `x`), some very long. */
function nearTieLines(seed: number, count: number): string[] {
  const random = randomGenerator(seed);
  const alphabet = ['a', 'b', 'c', 'a', 'b', 'c', 'x', 'ab@'];
  const lines: string[] = [];
  for (let line = 0; line < count; line++) {
    const words = line % 10 === 0 ? 300 + Math.floor(random() * 300) : 1 + Math.floor(random() * 30);
    lines.push(Array.from({ length: words }, () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('')).join(' '));
  }
  return lines;
}

beforeAll(() => {
  directory = temporaryDirectory('unigram-kernel');
  models = trainReferenceModels();
}, 120_000);

/** The first line (and call) where the kernel's segmentation differs from the JavaScript Viterbi's, or undefined. */
function firstKernelDifference(model: ModelProto, lines: string[]): object | undefined {
  const vocabulary = new Vocabulary(model, '<test>');
  const javaScript = new UnigramEncoder(vocabulary, false);
  const kernel = new UnigramEncoder(vocabulary, true);
  const normalizer = new Normalizer(model.normalizerSpec ?? {}, model.trainerSpec?.treatWhitespaceAsSuffix ?? false, vocabulary.userDefinedSymbols, '<test>');
  const expected = new Segmentation();
  const got = new Segmentation();
  const random = randomGenerator(7);
  for (const [index, line] of lines.entries()) {
    const bytes = new TextEncoder().encode(line);
    const size = normalizer.normalizeRange(bytes, 0, bytes.length);
    const normalized = normalizer.outputBuffer.slice(0, size);
    // The whole text from 0, then pieces of it from the large negative path scores a long line
    // reaches (the word cache's resegmentation), appended after what is already there.
    const calls: [number, number, number][] = [[0, size, 0]];
    for (let call = 0; call < 3 && size > 1; call++) {
      const start = Math.floor(random() * size);
      calls.push([start, Math.min(size, start + 1 + Math.floor(random() * 40)), -random() * 5000]);
    }
    for (const [start, end, seed] of calls) {
      // Appended after a few earlier pieces, as the word segmenter appends words.
      expected.count = got.count = index % 4;
      javaScript.segment(normalized, start, end, expected, seed, true);
      kernel.segment(normalized, start, end, got, seed, true);
      let same = expected.count === got.count && javaScript.smallestMargin === kernel.smallestMargin && javaScript.largestMagnitude === kernel.largestMagnitude;
      for (let piece = 0; same && piece < expected.count; piece++) {
        same = expected.ids[piece] === got.ids[piece] && expected.lengths[piece] === got.lengths[piece] && expected.scores[piece] === got.scores[piece];
      }
      if (!same) return { line: index, text: line, start, end, seed, expected: Array.from(expected.ids.subarray(0, expected.count)), got: Array.from(got.ids.subarray(0, got.count)) };
    }
  }
  return undefined;
}

describe('the WebAssembly Unigram Viterbi', () => {
  const floresAndTricky = (): string[] => [...floresFiles().flatMap(([, lines]) => lines), ...trickyLines];

  it.each(unigramModels)('segments every FLORES line exactly as the JavaScript Viterbi for spm_train model %s', async (name) => {
    const model = await readModelFile(models.get(name)!);
    expect(firstKernelDifference(model, floresAndTricky())).toBeUndefined();
  }, 120_000);

  it('segments near-tie models (user-defined pieces, unknown characters, byte fallback) exactly as the JavaScript Viterbi', () => {
    for (const [seed, byteFallback] of [[1, false], [2, true], [3, false]] as const) {
      expect(firstKernelDifference(nearTieModel(seed, byteFallback), nearTieLines(seed, 300)), `seed ${seed}`).toBeUndefined();
    }
  });

  it('leaves texts longer than its limit to the JavaScript Viterbi, with the same ids', async () => {
    const model = await readModelFile(models.get(unigramModels[1]!)!);
    const lines = [...floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 5)), ...trickyLines];
    const limit = UnigramEncoder.largestKernelText;
    try {
      UnigramEncoder.largestKernelText = 40;
      expect(firstKernelDifference(model, lines)).toBeUndefined();
    } finally {
      UnigramEncoder.largestKernelText = limit;
    }
  });

  it('is the default, and webAssembly: false gives the same ids', async () => {
    const model = models.get(unigramModels[0]!)!;
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 20));
    const withKernel = await loadSentencePieceTokenizer(model, { threads: 0 });
    const withoutKernel = await loadSentencePieceTokenizer(model, { threads: 0, webAssembly: false });
    expect(lines.map((line) => Array.from(withKernel.encode(line)).join(' '))).toEqual(lines.map((line) => Array.from(withoutKernel.encode(line)).join(' ')));
  });
});

describe('the JavaScript Viterbi (webAssembly: false) still gives exactly the ids spm_encode prints', () => {
  it.each(unigramModels)('on every FLORES line, word cache on and off, for spm_train model %s', async (name) => {
    const model = models.get(name)!;
    const lines = [...floresFiles().flatMap(([, fileLines]) => fileLines), ...trickyLines];
    const inputFile = join(directory, `${name}.txt`);
    writeFileSync(inputFile, `${lines.join('\n')}\n`);
    const expected = spmEncode(model, inputFile);
    expect(expected).toHaveLength(lines.length);
    for (const wordCacheSize of [undefined, 0]) {
      const tokenizer = await loadSentencePieceTokenizer(model, { threads: 0, webAssembly: false, ...(wordCacheSize === undefined ? {} : { wordCacheSize }) });
      const got = lines.map((line) => Array.from(tokenizer.encode(line)).join(' '));
      const first = got.findIndex((ids, index) => ids !== expected[index]);
      expect(first === -1 ? undefined : { wordCacheSize, line: first, text: lines[first], expected: expected[first], got: got[first] }).toBeUndefined();
    }
  }, 120_000);

  it('on near-tie models, with the word cache on, off and tiny', async () => {
    for (const [seed, byteFallback] of [[1, false], [2, true]] as const) {
      const model = join(directory, `near-tie-${seed}.model`);
      await writeModelFile(model, nearTieModel(seed, byteFallback));
      const lines = nearTieLines(seed, 300);
      const inputFile = join(directory, `near-tie-${seed}.txt`);
      writeFileSync(inputFile, `${lines.join('\n')}\n`);
      const expected = spmEncode(model, inputFile);
      expect(expected).toHaveLength(lines.length);
      for (const wordCacheSize of [undefined, 0, 8]) {
        for (const webAssembly of [false, true]) {
          const tokenizer = await loadSentencePieceTokenizer(model, { threads: 0, webAssembly, ...(wordCacheSize === undefined ? {} : { wordCacheSize }) });
          const got = lines.map((line) => Array.from(tokenizer.encode(line)).join(' '));
          const first = got.findIndex((ids, index) => ids !== expected[index]);
          expect(first === -1 ? undefined : { seed, webAssembly, wordCacheSize, line: first, text: lines[first], expected: expected[first], got: got[first] }).toBeUndefined();
        }
      }
    }
  }, 120_000);
});
