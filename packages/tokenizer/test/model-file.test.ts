import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@oellm/core';
import { formatSixDigits, formatVocabulary, parseModel, serializeModel, PieceType, ModelType } from '../src/index.js';
import { referenceConfigurations, trainReferenceModels } from './helpers/reference-models.js';

let models: Map<string, string>;
beforeAll(() => {
  models = trainReferenceModels();
}, 120_000);

describe.each(referenceConfigurations.map((configuration) => configuration.name))('.model of %s trained by spm_train', (name) => {
  it('re-serialises to the identical bytes', () => {
    const bytes = readFileSync(models.get(name)!);
    const model = parseModel(bytes, name);
    expect(Buffer.from(serializeModel(model)).equals(bytes)).toBe(true);
  });

  it('formats the .vocab file spm_train wrote beside it', () => {
    const path = models.get(name)!;
    const model = parseModel(readFileSync(path), path);
    expect(formatVocabulary(model)).toBe(readFileSync(path.replace(/\.model$/, '.vocab'), 'utf8'));
  });
});

describe('parseModel', () => {
  it('reads the pieces, trainer and normalizer specs', () => {
    const path = models.get('bpe-identity-byte-fallback')!;
    const model = parseModel(readFileSync(path), path);
    expect(model.trainerSpec?.modelType).toBe(ModelType.bpe);
    expect(model.trainerSpec?.vocabSize).toBe(4000);
    expect(model.trainerSpec?.byteFallback).toBe(true);
    expect(model.trainerSpec?.userDefinedSymbols).toEqual(['<mask>', '@@']);
    expect(model.trainerSpec?.padId).toBe(-1);
    expect(model.normalizerSpec?.name).toBe('identity');
    expect(model.pieces).toHaveLength(4000);
    expect(model.pieces[0]).toMatchObject({ piece: '<unk>', type: PieceType.unknown });
    expect(model.pieces.filter((piece) => piece.type === PieceType.byte)).toHaveLength(256);
  });

  it('rejects every truncation of a model with an InputError naming the file and byte offset', () => {
    const path = models.get('unigram-nmt-nfkc')!;
    const bytes = readFileSync(path);
    // Cut inside the pieces, inside the trainer spec and inside the normaliser's charsmap.
    for (const length of [1, 2, 7, 1000, bytes.length - 30_000, bytes.length - 5000, bytes.length - 1]) {
      let error: unknown;
      try {
        parseModel(bytes.subarray(0, length), path);
      } catch (caught) {
        error = caught;
      }
      expect(InputError.isInstance(error), `length ${length}`).toBe(true);
      const inputError = error as InputError;
      expect(inputError.location.file).toBe(path);
      expect(inputError.location.offset).toBeGreaterThanOrEqual(0);
      expect(inputError.location.offset).toBeLessThanOrEqual(length);
      expect(inputError.message).toContain(path);
    }
  });

  it('rejects foreign files (JSON, a GGUF header, zeros, random bytes) with an InputError', () => {
    const random = new Uint8Array(4096);
    let state = 12345;
    for (let index = 0; index < random.length; index++) random[index] = (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
    const foreign: [string, Uint8Array][] = [
      ['tokenizer.json', new TextEncoder().encode('{"model": {"type": "BPE", "vocab": {}}}')],
      ['model.gguf', Uint8Array.of(0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
      ['zeros.bin', new Uint8Array(64)],
      ['random.bin', random],
      ['empty.model', new Uint8Array(0)],
    ];
    for (const [file, bytes] of foreign) {
      expect(() => parseModel(bytes, file), file).toThrow(InputError);
    }
  });

  it('never allocates by a length it has not checked: a 4 GiB length claim fails fast', () => {
    // Field 1 (pieces), length-delimited, claiming 0xFFFFFFFF bytes.
    const bytes = Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00);
    expect(() => parseModel(bytes, 'claim.model')).toThrow(/claims .* bytes but only 1 remain/);
  });
});

describe('formatSixDigits', () => {
  // Expected strings as printf("%g") prints them, which absl::StrCat follows for floats.
  it.each([
    [0, '0'],
    [-2.9476239681243896, '-2.94762'],
    [-38, '-38'],
    [1e-5, '1e-05'],
    [-123456789, '-1.23457e+08'],
    [0.0001, '0.0001'],
    [100000, '100000'],
    [1000000, '1e+06'],
    [-10.5, '-10.5'],
  ])('%d → %s', (value, expected) => {
    expect(formatSixDigits(value)).toBe(expected);
  });
});
