import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentencePieceTrainer } from '../src/index.js';
import { isValidSentencePiece } from '../src/training/piece-validity.js';
import { resolveTrainerOptions } from '../src/training/trainer-options.js';
import { scriptOf } from '../src/training/unicode-script.js';
import { readLines, spmTrain, temporaryDirectory, writeTrainingText } from './helpers/reference-tools.js';
import { readModelFile } from '../src/model/model-file.js';

// Pieces never mix scripts; the scripts are spm 0.1.97's (src/unicode_script_map.h), which
// predate later Unicode versions, not the JavaScript engine's.
describe('scripts as spm 0.1.97 assigns them', () => {
  it('reads the values of unicode_script_map.h, Common where it has no entry', () => {
    // (*smap)[0x0589] = U_Common (Unicode 11 and later: Armenian); U+A7B9 has no entry (Unicode 11 Latin).
    expect(scriptOf(0x0589)).toBe('Common');
    expect(scriptOf(0xa7b9)).toBe('Common');
    expect(scriptOf(0xa7b7)).toBe('Latin'); // for c in 0xA7B0…0xA7B7: U_Latin
    expect(scriptOf(0x41)).toBe('Latin');
    expect(scriptOf(0x0531)).toBe('Armenian');
    expect(scriptOf(0x3042)).toBe('Hiragana');
    expect(scriptOf(0x30fc)).toBe('Common');
    expect(scriptOf(0x0300)).toBe('Inherited');
    expect(scriptOf(0x1e922)).toBe('Adlam');
    expect(scriptOf(0x11127)).toBe('Chakma');
    expect(scriptOf(0x10ffff)).toBe('Common');
  });

  it('so "mꞹ" is no piece and "\'ꞹ" is one, and two scripts the engine does not list apart stay apart', () => {
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity' });
    const valid = (text: string): boolean => isValidSentencePiece(Array.from(text, (character) => character.codePointAt(0)!), options);
    expect(valid('mꞹ')).toBe(false);
    expect(valid("'ꞹ")).toBe(true);
    expect(valid('ն։')).toBe(false);
    expect(valid('𞤢𑄧')).toBe(false); // Adlam, Chakma
    expect(valid('𞤢𞤫')).toBe(true);
  });

  it('our Unigram pieces with ꞹ and ։ are the ones spm_train finds', async () => {
    const directory = temporaryDirectory('unicode-script');
    // FLORES text plus lines of words with ꞹ (Latin in Unicode 11+) and ։ (Armenian in Unicode 11+).
    const words = ['mꞹji', 'pjosꞹ', "mam'ꞹ", 'panrꞹji', 'իրավունք։', 'ազատ։', 'mbosꞹ', "xor'ꞹ", 'ꞹꞹ'];
    const lines = readLines(writeTrainingText(directory, 30));
    for (let line = 0; line < 300; line++) lines.push(Array.from({ length: 6 }, (_, index) => words[(line * 7 + index * 3 + Math.floor(line / 9)) % words.length]).join(' '));
    const file = join(directory, 'train.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    const options = { vocabularySize: 1000, modelType: 'unigram' as const, normalizationRuleName: 'identity' as const };
    const ours = (await sentencePieceTrainer.trainModel(lines, options)).model.pieces.map(({ piece }) => piece);
    const reference = (await readModelFile(spmTrain(file, join(directory, 'spm'), { model_type: 'unigram', vocab_size: 1000, normalization_rule_name: 'identity' }))).pieces.map(({ piece }) => piece);
    const withCharacters = (pieces: (string | undefined)[]): string[] => pieces.filter((piece): piece is string => piece !== undefined && /[ꞹ։]/u.test(piece)).sort();
    expect(withCharacters(reference).length).toBeGreaterThan(2);
    expect(withCharacters(ours)).toEqual(withCharacters(reference));
  }, 60_000);
});
