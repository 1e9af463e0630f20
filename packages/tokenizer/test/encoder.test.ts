import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSentencePieceTokenizer, Normalizer, readModelFile } from '../src/index.js';

function normalizeText(normalizer: Normalizer, text: string): string {
  return new TextDecoder().decode(normalizer.normalize(new TextEncoder().encode(text)));
}
import { referenceConfigurations, trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, loadSentencePieceJs, spmDecode, spmEncode, spmNormalize, temporaryDirectory, trickyLines } from './helpers/reference-tools.js';

// The proof of compatibility: for models spm_train trained here, our ids equal spm_encode's
// (and sentencepiece-js's) line for line on every FLORES dev file, and our decode equals spm_decode.
let models: Map<string, string>;
let inputFile: string;
let lines: string[];
let sampledLines: string[];
let sampledFile: string;

beforeAll(() => {
  models = trainReferenceModels();
  lines = [...floresFiles().flatMap(([, fileLines]) => fileLines), ...trickyLines];
  const directory = temporaryDirectory('encoder');
  inputFile = join(directory, 'input.txt');
  writeFileSync(inputFile, lines.join('\n') + '\n');
  // Every fifth line and all tricky lines, for the secondary checks.
  sampledLines = lines.filter((_, index) => index % 5 === 0 || index >= lines.length - trickyLines.length);
  sampledFile = join(directory, 'sampled.txt');
  writeFileSync(sampledFile, sampledLines.join('\n') + '\n');
}, 120_000);

function firstDifference(expected: string[], got: string[], inputs: string[] = lines): { line: number; text: string; expected: string; got: string } | undefined {
  // The reference must have answered every line (an empty answer would make the check vacuous).
  if (expected.length !== inputs.length || got.length !== inputs.length) return { line: 0, text: '', expected: `${expected.length} lines`, got: `${got.length} lines` };
  for (let index = 0; index < expected.length; index++) {
    if (expected[index] !== got[index]) return { line: index + 1, text: inputs[index]!, expected: expected[index]!, got: got[index]! };
  }
  return undefined;
}


describe.each(referenceConfigurations.map((configuration) => configuration.name))('model %s trained by spm_train', (name) => {
  it('encodes every FLORES line to the ids spm_encode prints', async () => {
    const model = models.get(name)!;
    const tokenizer = await loadSentencePieceTokenizer(model);
    const expected = spmEncode(model, inputFile);
    expect(expected).toHaveLength(lines.length);
    const got = lines.map((line) => Array.from(tokenizer.encode(line)).join(' '));
    expect(firstDifference(expected, got)).toBeUndefined();
  });

  it('gives the same pieces as spm_encode --output_format=piece', async () => {
    const model = models.get(name)!;
    const tokenizer = await loadSentencePieceTokenizer(model);
    const expected = spmEncode(model, sampledFile, 'piece');
    const got = sampledLines.map((line) => tokenizer.encodeToPieces(line).join(' '));
    expect(firstDifference(expected, got, sampledLines)).toBeUndefined();
  });

  it('agrees with sentencepiece-js', async () => {
    const model = models.get(name)!;
    const tokenizer = await loadSentencePieceTokenizer(model);
    const reference = await loadSentencePieceJs(model);
    const sample = sampledLines;
    const expected = sample.map((line) => Array.from(reference.encodeIds(line)).join(' '));
    const got = sample.map((line) => Array.from(tokenizer.encode(line)).join(' '));
    expect(expected.findIndex((ids, index) => ids !== got[index])).toBe(-1);
  });

  it('normalises as spm_normalize does, with the model\'s spec as-is and with spm_normalize\'s defaults', async () => {
    const model = models.get(name)!;
    const spec = (await readModelFile(model)).normalizerSpec ?? {};
    const internal = new Normalizer(spec);
    const expectedInternal = spmNormalize(model, sampledFile, ['--use_internal_normalization=true']);
    expect(firstDifference(expectedInternal, sampledLines.map((line) => normalizeText(internal, line)), sampledLines)).toBeUndefined();
    for (const removeExtraWhitespaces of [true, false]) {
      const plain = new Normalizer({ ...spec, addDummyPrefix: false, escapeWhitespaces: false, removeExtraWhitespaces });
      const expected = spmNormalize(model, sampledFile, [`--remove_extra_whitespaces=${removeExtraWhitespaces}`]);
      expect(firstDifference(expected, sampledLines.map((line) => normalizeText(plain, line)), sampledLines)).toBeUndefined();
    }
  });

  it('decodes ids to the text spm_decode prints', async () => {
    const model = models.get(name)!;
    const tokenizer = await loadSentencePieceTokenizer(model);
    const idLines = spmEncode(model, sampledFile);
    const idsFile = join(temporaryDirectory('decode'), 'ids.txt');
    writeFileSync(idsFile, idLines.join('\n') + '\n');
    const expected = spmDecode(model, idsFile);
    const got = idLines.map((line) => tokenizer.decode(line === '' ? [] : line.split(' ').map(Number)));
    expect(firstDifference(expected, got, sampledLines)).toBeUndefined();
  });
});
