import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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
let spmCaseFoldModel: string;
let oursCaseFoldModel: string;

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
  // spm_train's nmt_nfkc_cf model carries spm's own case-folding charsmap; ours gets our rules.
  spmCaseFoldModel = trainReferenceModels().get('unigram-nfkc-cf-raw-whitespace')!;
  const caseFoldModel = await readModelFile(spmCaseFoldModel);
  caseFoldModel.normalizerSpec!.precompiledCharsmap = compileCharsmap(normalizationRules('nmt_nfkc_cf'));
  oursCaseFoldModel = join(directory, 'ours-case-fold-charsmap.model');
  await writeModelFile(oursCaseFoldModel, caseFoldModel);
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

/** Code points Unicode assigned after 13.0, the version of the data spm 0.1.97's built-in tables were compiled from (DerivedAge: 14.0–16.0). */
const assignedAfterUnicode13: [number, number][] = [
  [0x1c89, 0x1c8a], [0x2c2f, 0x2c2f], [0x2c5f, 0x2c5f], [0xa7c0, 0xa7c1], [0xa7cb, 0xa7dc], [0xa7f1, 0xa7f4], [0x10570, 0x105ff], [0x10780, 0x107bf],
  [0x10d40, 0x10d8f], [0x11380, 0x113ff], [0x16100, 0x1613f], [0x16d40, 0x16d7f], [0x16ea0, 0x16edf], [0x1cc00, 0x1ceaf], [0x1e030, 0x1e08f],
];
const isNewerThanSpmUnicode = (codepoint: number): boolean => assignedAfterUnicode13.some(([start, end]) => codepoint >= start && codepoint <= end);

/** spm_normalize --decompile: the rules of one of spm's built-in tables, source → target. */
function spmBuiltInRules(name: string): Map<string, string> {
  const output = join(directory, `spm-${name}.tsv`);
  execFileSync('spm_normalize', [`--normalization_rule_name=${name}`, '--decompile', `--output=${output}`], { input: '' });
  const fromHex = (field: string): string => String.fromCodePoint(...field.split(' ').filter((part) => part !== '').map((part) => Number.parseInt(part, 16)));
  return new Map(readFileSync(output, 'utf8').split('\n').filter((line) => line !== '').map((line) => {
    const [source, target] = line.split('\t');
    return [fromHex(source!), fromHex(target ?? '')] as const;
  }));
}

describe.each(['nmt_nfkc_cf', 'nfkc_cf'] as const)('%s rules generated from Unicode data', (name) => {
  it('equal spm\'s built-in table rule for rule (decompiled by spm_normalize), but for characters newer than spm\'s Unicode', () => {
    const ours = normalizationRules(name);
    const reference = spmBuiltInRules(name);
    const codepoints = (text: string): string => [...text].map((character) => character.codePointAt(0)!.toString(16)).join(' ');
    expect([...reference].filter(([source, target]) => ours.get(source) !== target).map(([source, target]) => [codepoints(source), codepoints(target), codepoints(ours.get(source) ?? '∅')])).toEqual([]);
    const extra = [...ours.keys()].filter((source) => !reference.has(source));
    expect(extra.filter((source) => ![...source].some((character) => isNewerThanSpmUnicode(character.codePointAt(0)!))).map(codepoints)).toEqual([]);
    expect(extra.length).toBeLessThan(700);
  });
});

describe('nmt_nfkc_cf with our charsmap', () => {
  /** FLORES, the EU sweep, and the scripts whose folding has exceptions (Cherokee, Deseret, Georgian, Armenian, Glagolitic, Greek symbols). */
  function caseFoldLines(): string[] {
    const extra: string[] = [];
    for (const [start, end] of [[0x13a0, 0x13ff], [0xab70, 0xabbf], [0x10400, 0x1044f], [0x10a0, 0x10ff], [0x1c90, 0x1cbf], [0x530, 0x58f], [0x2c00, 0x2c5f], [0x1f00, 0x1fff], [0x3d0, 0x3ff], [0x130, 0x131], [0x212a, 0x212b]] as const) {
      for (let codepoint = start; codepoint <= end; codepoint++) extra.push(`${String.fromCodePoint(codepoint)}x ${String.fromCodePoint(codepoint)}`);
    }
    return [...lines, ...extra];
  }

  it('makes spm_normalize give on FLORES and the sweeps exactly what spm\'s built-in nmt_nfkc_cf gives', () => {
    const input = join(directory, 'case-fold-input.txt');
    const all = caseFoldLines();
    writeFileSync(input, `${all.join('\n')}\n`);
    const expected = spmNormalize(spmCaseFoldModel, input, ['--use_internal_normalization=true']);
    const got = spmNormalize(oursCaseFoldModel, input, ['--use_internal_normalization=true']);
    expect(got).toHaveLength(all.length);
    const differences = all.filter((_, index) => expected[index] !== got[index]);
    expect(differences.filter((line) => ![...line].some((character) => isNewerThanSpmUnicode(character.codePointAt(0)!)))).toEqual([]);
    // The folding really happened: FLORES has capitals, and they are gone.
    expect(got.slice(0, 50).join('')).not.toMatch(/[A-Z]/);
  });

  it('and our normaliser with it gives what spm_normalize gives', async () => {
    const normalizer = new Normalizer((await readModelFile(oursCaseFoldModel)).normalizerSpec!);
    const input = join(directory, 'case-fold-input-2.txt');
    const all = caseFoldLines();
    writeFileSync(input, `${all.join('\n')}\n`);
    const expected = spmNormalize(oursCaseFoldModel, input, ['--use_internal_normalization=true']);
    const got = all.map((line) => new TextDecoder().decode(normalizer.normalize(new TextEncoder().encode(line))));
    expect(got.findIndex((text, index) => text !== expected[index])).toBe(-1);
  });

  it('folds with simple case folding: ẞ → ß, ſ → s, ς → σ, Cherokee to capitals; İ and ß stay', () => {
    const rules = normalizationRules('nmt_nfkc_cf');
    expect(rules.get('ẞ')).toBe('ß');
    expect(rules.get('ſ')).toBe('s');
    expect(rules.get('ς')).toBe('σ');
    expect(rules.get('\uab70')).toBe('\u13a0');
    expect(rules.get('İ')).toBeUndefined();
    expect(rules.get('ß')).toBeUndefined();
    expect(rules.get('ﬁ')).toBe('fi');
  });
});
