// Runs Google's SentencePiece command-line tools (Debian package `sentencepiece`, 0.1.97),
// the reference our model files and segmentations are judged by.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const floresDirectory = new URL('../../../../../shared/data/flores200-dev/', import.meta.url);

/** Every FLORES dev file, as [name, lines]. */
export function floresFiles(): [string, string[]][] {
  return readdirSync(floresDirectory)
    .filter((name) => name.endsWith('.dev'))
    .sort()
    .map((name) => [name, readLines(new URL(name, floresDirectory))]);
}

export function readLines(path: string | URL): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `oellm-tokenizer-${prefix}-`));
}

/** Writes the first `linesPerLanguage` lines of every FLORES file to one training file. */
export function writeTrainingText(directory: string, linesPerLanguage = 200): string {
  const path = join(directory, 'train.txt');
  writeFileSync(path, floresFiles().flatMap(([, lines]) => lines.slice(0, linesPerLanguage)).join('\n') + '\n');
  return path;
}

/** Runs spm_train; `options` are spm flag names without dashes. Returns the .model path. */
export function spmTrain(input: string, prefix: string, options: Record<string, string | number | boolean>): string {
  const flags = Object.entries({ input, model_prefix: prefix, minloglevel: 2, num_threads: 2, ...options }).map(([name, value]) => `--${name}=${value}`);
  execFileSync('spm_train', flags, { stdio: ['ignore', 'ignore', 'pipe'] });
  return `${prefix}.model`;
}

/** `spm_encode --output_format=id` (or piece) on a file: one line of output per input line. */
export function spmEncode(model: string, inputFile: string, format: 'id' | 'piece' = 'id'): string[] {
  return readLinesOfOutput(execFileSync('spm_encode', [`--model=${model}`, `--output_format=${format}`, inputFile], { maxBuffer: 1 << 30 }));
}

/** `spm_decode --input_format=id` on a file of id lines. */
export function spmDecode(model: string, idsFile: string): string[] {
  return readLinesOfOutput(execFileSync('spm_decode', [`--model=${model}`, '--input_format=id', idsFile], { maxBuffer: 1 << 30 }));
}

/** `spm_normalize` with the model's rules. */
export function spmNormalize(model: string, inputFile: string, flags: string[] = []): string[] {
  return readLinesOfOutput(execFileSync('spm_normalize', [`--model=${model}`, ...flags, inputFile], { maxBuffer: 1 << 30 }));
}

function readLinesOfOutput(output: Buffer): string[] {
  const lines = output.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

interface SentencePieceJs {
  load(path: string): Promise<void>;
  encodeIds(text: string): number[] | Int32Array;
}

/** sentencepiece-js (the C++ library compiled to WebAssembly) with `model` loaded. */
export async function loadSentencePieceJs(model: string): Promise<SentencePieceJs> {
  const require = createRequire(import.meta.url);
  const { SentencePieceProcessor } = require('sentencepiece-js') as { SentencePieceProcessor: new () => SentencePieceJs };
  const processor = new SentencePieceProcessor();
  await processor.load(model);
  return processor;
}

/** Lines that exercise the normaliser and the unknown/byte-fallback paths. */
export const trickyLines = [
  '   leading and trailing spaces   ',
  'many     inner      spaces\tand\ttabs',
  'ﬁnancial ﬂow ① ② Ⅻ ㎏ ＡＢＣ１２３ ｶﾀｶﾅ',
  'Straße café naïve e\u0301 o\u0308 A\u030a',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 🇪🇺 👩‍👩‍👧 𐍈',
  'control\u0001chars\u007f and zero\u200bwidth\u00a0nbsp',
  '\u3000ideographic\u3000space',
  'Ελληνικά Кириличен ქართული Íslenska Malti: ħ ġ ż',
  'replacement \ufffd character',
  '中文字符不在词汇表中 日本語のテキスト 한국어',
  '0123456789 3.14159 1,000,000 12:30',
  '<mask> @@ user symbols <mask><mask>',
  '▁ already escaped ▁▁ spaces',
  'x',
  ' ',
];

/** Training text and held-out text for a trainer test: FLORES lines 0..trainingLines as training, lines from heldOutFrom on (plus tricky lines) as encoding input. */
export interface TrainerFixture {
  directory: string;
  trainingFile: string;
  trainingLines: string[];
  heldOut: string[];
  inputFile: string;
}

/** Writes a trainer test's training file and held-out input file into a fresh temporary directory. */
export function prepareTrainerFixture(name: string, linesPerLanguage: number, heldOutFrom: number): TrainerFixture {
  const directory = temporaryDirectory(name);
  const trainingFile = writeTrainingText(directory, linesPerLanguage);
  const heldOut = floresFiles().flatMap(([, lines]) => lines.slice(heldOutFrom));
  const inputFile = join(directory, 'input.txt');
  writeFileSync(inputFile, [...heldOut.filter((_, index) => index % 2 === 0), ...trickyLines].join('\n') + '\n');
  return { directory, trainingFile, trainingLines: readLines(trainingFile), heldOut, inputFile };
}
