import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@oellm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSentencePieceTokenizer, normalizationRuleNames, PieceType, precompiledCharsmap, readModelFile, unpackIds, writeModelFile, type ModelProto, type NormalizationRuleName } from '../src/index.js';
import { randomGenerator } from './helpers/near-tie-pieces.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, spmEncode, temporaryDirectory, trickyLines } from './helpers/reference-tools.js';

// With WebAssembly (the default), a Unigram tokenizer encodes a line in one kernel call:
// kernels/unigram-normalizer.ts (a port of normalizer.ts), the Viterbi over the whole normalised
// line, and the id output (unknown pieces merged, or byte fallback). spm_encode (Debian
// sentencepiece 0.1.97) judges it for every rule set and whitespace option, on FLORES lines,
// every character below U+10000 alone and before combining marks, texts whose normalised form is
// many times longer than the input, and malformed UTF-8; the JavaScript path (`webAssembly:
// false`) must give the same ids on random byte strings.

let directory: string;
let models: Map<string, string>;

/** Every code point of the Basic Multilingual Plane except surrogates, before `follower`, in lines of 64. */
function everyCharacterLines(follower: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (let codePoint = 0x21, count = 1; codePoint < 0x10000; codePoint++) {
    if ((codePoint >= 0xd800 && codePoint < 0xe000) || codePoint === 0x85 || codePoint === 0x2028 || codePoint === 0x2029) continue;
    line += `${String.fromCodePoint(codePoint)}${follower} `;
    if (count++ % 64 === 0) {
      lines.push(line);
      line = '';
    }
  }
  return line === '' ? lines : [...lines, line];
}

/** Byte strings of fragments that take every path of the normaliser: plain and rule characters, spaces, combining marks, malformed bytes, user-defined symbols. */
function randomByteLines(seed: number, count: number): Uint8Array[] {
  const random = randomGenerator(seed);
  const encoder = new TextEncoder();
  const fragments: Uint8Array[] = [
    ...['a', 'Z', ' ', '  ', '\t', 'ﬁ', '①②', 'ＡＢ', '①', 'Ａ', 'Ⅻ', 'ｶ', 'é', 'e\u0301', 'o', '\u0308', '\u3099', 'か', 'ﷺ', '\u3000', '\u00a0', '中', '𝔘', '😀', '▁', '<mask>', '@@', '<ctl>', 'ǅ', 'İ', 'ß', '\u200b', '\ufffd', 'Ελ', 'ħ'].map((text) => encoder.encode(text)),
    Uint8Array.of(0xff), Uint8Array.of(0xc3), Uint8Array.of(0xe2, 0x96), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0x80), Uint8Array.of(0xc0, 0xaf),
  ];
  return Array.from({ length: count }, () => {
    const parts = Array.from({ length: Math.floor(random() * 40) }, () => fragments[Math.floor(random() * fragments.length)]!);
    return Uint8Array.from(parts.flatMap((part) => Array.from(part)));
  });
}

/** The Unigram test model with the normaliser's rules and options replaced. */
async function variant(rule: NormalizationRuleName, options: { addDummyPrefix: boolean; removeExtraWhitespaces: boolean; escapeWhitespaces: boolean; treatWhitespaceAsSuffix?: boolean }, base = 'unigram-nmt-nfkc'): Promise<ModelProto> {
  const model = await readModelFile(models.get(base)!);
  const { treatWhitespaceAsSuffix = false, ...spec } = options;
  return {
    ...model,
    trainerSpec: { ...model.trainerSpec, treatWhitespaceAsSuffix },
    normalizerSpec: { ...model.normalizerSpec, name: rule, precompiledCharsmap: precompiledCharsmap(rule), ...spec },
  };
}

/** A variant whose user-defined symbols the NFKC rules would change: the normaliser must keep them as they are. */
async function userDefinedVariant(): Promise<ModelProto> {
  const model = await variant('nmt_nfkc', { addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true });
  const symbols = ['ﬁ', '①②', 'ＡＢ', '<mask>'].map((piece) => ({ piece, score: 0, type: PieceType.userDefined }));
  return { ...model, pieces: [...model.pieces, ...symbols], trainerSpec: { ...model.trainerSpec, vocabSize: model.pieces.length + symbols.length } };
}

/** Writes `lines` (one per line) and the model, runs spm_encode, and expects our ids for every line. */
async function expectSpmIds(name: string, model: ModelProto, lines: Uint8Array[]): Promise<void> {
  const modelFile = join(directory, `${name}.model`);
  await writeModelFile(modelFile, model);
  const inputFile = join(directory, `${name}.txt`);
  writeFileSync(inputFile, Buffer.concat(lines.flatMap((line) => [line, Uint8Array.of(0x0a)])));
  const expected = spmEncode(modelFile, inputFile);
  expect(expected).toHaveLength(lines.length);
  const tokenizer = await loadSentencePieceTokenizer(modelFile, { threads: 0 });
  const got = lines.map((line) => Array.from(tokenizer.encodeBytes(line)).join(' '));
  const first = got.findIndex((ids, index) => ids !== expected[index]);
  expect(first === -1 ? undefined : { name, line: first, text: new TextDecoder().decode(lines[first]), expected: expected[first], got: got[first] }).toBeUndefined();
  // The packed form (files, datasets, workers) goes through the same kernel call.
  const offsets = new Int32Array(lines.length + 1);
  lines.forEach((line, index) => (offsets[index + 1] = offsets[index]! + line.length));
  const packed = unpackIds(tokenizer.encodePackedInline({ bytes: Buffer.concat(lines), offsets })).map((ids) => Array.from(ids).join(' '));
  const firstPacked = packed.findIndex((ids, index) => ids !== expected[index]);
  expect(firstPacked === -1 ? undefined : { name, packed: true, line: firstPacked, expected: expected[firstPacked], got: packed[firstPacked] }).toBeUndefined();
}

beforeAll(() => {
  directory = temporaryDirectory('unigram-line-kernel');
  models = trainReferenceModels();
}, 120_000);

describe('the WebAssembly line encoder gives exactly the ids spm_encode prints', () => {
  const encoder = new TextEncoder();
  const textLines = (): Uint8Array[] => [...floresFiles().flatMap(([, lines]) => lines.slice(0, 8)), ...trickyLines, ...everyCharacterLines(''), ...everyCharacterLines('\u0301').slice(0, 200)].map((line) => encoder.encode(line));
  const whitespaceOptions = [
    { addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true },
    { addDummyPrefix: false, removeExtraWhitespaces: false, escapeWhitespaces: true },
    { addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: false },
    { addDummyPrefix: true, removeExtraWhitespaces: false, escapeWhitespaces: true, treatWhitespaceAsSuffix: true },
    { addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true, treatWhitespaceAsSuffix: true },
  ];

  it.each(normalizationRuleNames)('with the %s rules and every whitespace option', async (rule) => {
    for (const [index, options] of whitespaceOptions.entries()) {
      await expectSpmIds(`${rule}-${index}`, await variant(rule, options), [...textLines(), ...randomByteLines(index, 100)]);
    }
  }, 120_000);

  it('for the spm_train models with user-defined symbols and byte fallback, and with raw whitespace, and for user-defined symbols that NFKC would change', async () => {
    for (const name of ['unigram-identity-byte-fallback', 'unigram-nfkc-cf-raw-whitespace']) {
      const model = await readModelFile(models.get(name)!);
      await expectSpmIds(name, model, [...textLines(), ...randomByteLines(11, 300)]);
    }
    await expectSpmIds('user-defined-nfkc', await userDefinedVariant(), [...textLines(), ...randomByteLines(12, 300)]);
  }, 120_000);

  it('on texts whose normalised form is many times longer (the kernel grows its buffers and goes on)', async () => {
    // ﷺ (3 bytes) becomes 33 bytes under NFKC; spaces become ▁ (3 bytes).
    const lines = [1, 2, 10, 300, 5000, 40_000].map((count) => encoder.encode(`${'ﷺ'.repeat(count)} a${' b'.repeat(count)}`));
    await expectSpmIds('expanding', await variant('nmt_nfkc', whitespaceOptions[0]!), lines);
  }, 120_000);

  it('on a text longer than the kernel takes whole (normalised in JavaScript, then the kernel\'s Viterbi)', async () => {
    const words = floresFiles().flatMap(([, lines]) => lines.slice(0, 40)).join(' ');
    const long = encoder.encode(words.repeat(Math.ceil((1.2 * (1 << 20)) / words.length)));
    expect(long.length).toBeGreaterThan(1 << 20);
    await expectSpmIds('long', await readModelFile(models.get('unigram-nmt-nfkc')!), [long, encoder.encode('short')]);
  }, 120_000);
});

describe('the WebAssembly line encoder', () => {
  it('gives the JavaScript path’s ids on random byte strings, for every rule set and the user-defined-symbol model', async () => {
    const configurations: [string, ModelProto][] = [];
    for (const rule of normalizationRuleNames) configurations.push([rule, await variant(rule, { addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true })]);
    configurations.push(['byte-fallback', await readModelFile(models.get('unigram-identity-byte-fallback')!)]);
    configurations.push(['user-defined-nfkc', await userDefinedVariant()]);
    for (const [index, [name, model]] of configurations.entries()) {
      const file = join(directory, `random-${name}.model`);
      await writeModelFile(file, model);
      const withKernel = await loadSentencePieceTokenizer(file, { threads: 0 });
      const javaScript = await loadSentencePieceTokenizer(file, { threads: 0, webAssembly: false });
      const lines = randomByteLines(100 + index, 2000);
      const first = lines.findIndex((line) => Array.from(withKernel.encodeBytes(line)).join(' ') !== Array.from(javaScript.encodeBytes(line)).join(' '));
      expect(first === -1 ? undefined : { name, line: Array.from(lines[first]!) }).toBeUndefined();
    }
  }, 120_000);

  it('leaves a broken charsmap to the JavaScript normaliser, which names the model file', async () => {
    const model = await variant('nmt_nfkc', { addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true });
    const blob = model.normalizerSpec!.precompiledCharsmap!;
    const trieSize = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(0, true);
    // Keep the trie and the first strings (ASCII rules point there), cut the rest: ﷺ's rule now points past the table.
    model.normalizerSpec!.precompiledCharsmap = blob.slice(0, 4 + trieSize + 3);
    const file = join(directory, 'broken-charsmap.model');
    await writeModelFile(file, model);
    for (const webAssembly of [true, false]) {
      const tokenizer = await loadSentencePieceTokenizer(file, { threads: 0, webAssembly });
      expect(Array.from(tokenizer.encode('plain text'))).toEqual(Array.from((await loadSentencePieceTokenizer(models.get('unigram-nmt-nfkc')!, { threads: 0 })).encode('plain text')));
      let error: unknown;
      try {
        tokenizer.encode('text with ﷺ');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toContain('broken-charsmap.model');
      expect((error as InputError).message).toContain('past its');
    }
  }, 120_000);
});
