import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDoubleArray, compileCharsmap, normalizationRules, Normalizer, PrecompiledCharsmap, readModelFile, writeModelFile } from '../src/index.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, readLines, spmNormalize, temporaryDirectory } from './helpers/reference-tools.js';

// Our nmt_nfkc rules are generated from Unicode data (String.prototype.normalize + spm's NMT
// rules) and compiled into a charsmap; spm itself must normalise with it as with its own.

/** Every character of the Unicode blocks EU languages use (Latin, Greek, Cyrillic, Georgian, punctuation, symbols, fullwidth, math letters), plus combining sequences. */
function unicodeSweep(): string[] {
  const ranges: [number, number][] = [
    [0x20, 0x7e], [0xa0, 0x2ff], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x52f], [0x10a0, 0x10ff], [0x1c90, 0x1cbf], [0x1e00, 0x1fff],
    [0x2000, 0x206f], [0x2070, 0x20cf], [0x2100, 0x22ff], [0x2460, 0x24ff], [0x2c60, 0x2c7f], [0x2de0, 0x2dff], [0xa640, 0xa69f],
    [0xa720, 0xa7ff], [0xab30, 0xab6f], [0xfb00, 0xfb4f], [0xfe00, 0xfe4f], [0xff00, 0xffef], [0x1d400, 0x1d7ff],
  ];
  const lines: string[] = [];
  for (const [start, end] of ranges) for (let codepoint = start; codepoint <= end; codepoint++) lines.push(`x${String.fromCodePoint(codepoint)}y ${String.fromCodePoint(codepoint)}`);
  for (const base of 'aeiouAEIOUcgkszCGKSZnNlLrRtTdDαεηιοωΑΕЕеИиУу') {
    for (let mark = 0x300; mark < 0x370; mark++) lines.push(`${base}${String.fromCodePoint(mark)} ${base}${String.fromCodePoint(mark)}\u0323`);
  }
  return lines;
}

// Characters Unicode assigned after the data spm 0.1.97's own nmt_nfkc charsmap was compiled
// from (U+A7F1 is Unicode 16.0, U+A7F2..U+A7F4 Unicode 14.0): newer NFKC mappings are expected here.
const newerThanSpmUnicode = new Set([0xa7f1, 0xa7f2, 0xa7f3, 0xa7f4]);

let directory: string;
let inputFile: string;
let lines: string[];
let spmModel: string;
let oursModel: string;

beforeAll(async () => {
  directory = temporaryDirectory('charsmap');
  lines = [...floresFiles().flatMap(([, fileLines]) => fileLines.filter((_, index) => index % 4 === 0)), ...unicodeSweep()];
  inputFile = join(directory, 'input.txt');
  writeFileSync(inputFile, `${lines.join('\n')}\n`);
  spmModel = trainReferenceModels().get('unigram-nmt-nfkc')!;
  const model = await readModelFile(spmModel);
  model.normalizerSpec!.precompiledCharsmap = compileCharsmap(normalizationRules('nmt_nfkc'));
  oursModel = join(directory, 'ours-charsmap.model');
  await writeModelFile(oursModel, model);
}, 120_000);

describe('nmt_nfkc rules generated from Unicode data', () => {
  it('make spm_normalize normalise FLORES and the EU Unicode sweep exactly as spm\'s own charsmap', () => {
    const expected = spmNormalize(spmModel, inputFile, ['--use_internal_normalization=true']);
    const got = spmNormalize(oursModel, inputFile, ['--use_internal_normalization=true']);
    expect(expected).toHaveLength(lines.length);
    expect(got).toHaveLength(lines.length);
    const differences = lines.map((line, index) => ({ line, expected: expected[index], got: got[index] })).filter((entry) => entry.expected !== entry.got);
    expect(differences.filter((entry) => ![...entry.line].some((character) => newerThanSpmUnicode.has(character.codePointAt(0)!)))).toEqual([]);
    expect(differences.length).toBeLessThanOrEqual(newerThanSpmUnicode.size);
  });

  it('and our normaliser with our charsmap gives what spm_normalize gives with it', async () => {
    const spec = (await readModelFile(oursModel)).normalizerSpec!;
    const normalizer = new Normalizer(spec);
    const expected = spmNormalize(oursModel, inputFile, ['--use_internal_normalization=true']);
    const got = readLines(inputFile).map((line) => new TextDecoder().decode(normalizer.normalize(new TextEncoder().encode(line))));
    expect(expected).toHaveLength(lines.length);
    expect(got.findIndex((text, index) => text !== expected[index])).toBe(-1);
  });

  it('hold spm\'s NMT rules: odd spaces become spaces, control characters vanish, U+FF5E stays', () => {
    const rules = normalizationRules('nmt_nfkc');
    expect(rules.get('\u200b')).toBe(' ');
    expect(rules.get('\u0001')).toBe('');
    expect(rules.get('\uff5e')).toBeUndefined();
    expect(rules.get('ﬁ')).toBe('fi');
  });
});

describe('buildDoubleArray', () => {
  it('finds every key and no non-key through the darts-clone lookup', () => {
    const words = ['a', 'ab', 'abc', 'b', 'ba', 'ſ', 'ſt', 'ﬅ', 'zzz'];
    const entries = words.map((word, index) => ({ key: new TextEncoder().encode(word), value: index * 3 }));
    const units = buildDoubleArray(entries);
    const strings = new Uint8Array(64);
    const blob = new Uint8Array(4 + units.length * 4 + strings.length);
    new DataView(blob.buffer).setUint32(0, units.length * 4, true);
    units.forEach((unit, index) => new DataView(blob.buffer).setUint32(4 + index * 4, unit, true));
    const charsmap = new PrecompiledCharsmap(blob);
    for (const [index, word] of words.entries()) {
      const bytes = new TextEncoder().encode(`${word}\u0000`);
      const match = charsmap.longestMatch(bytes, 0, bytes.length - 1);
      expect(match.length).toBe(bytes.length - 1);
      expect(match.replacementStart).toBe(index * 3);
    }
    for (const other of ['c', 'zz', 'y', 'xa']) expect(charsmap.longestMatch(new TextEncoder().encode(other), 0, other.length).length).toBe(0);
  });
});
