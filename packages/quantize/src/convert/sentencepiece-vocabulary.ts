import { InputError } from '@oellm/core';

/**
 * The parts of a SentencePiece `tokenizer.model` GGUF needs: pieces with scores and types, and
 * the special ids.
 *
 * @example
 * ```ts
 * import { readSentencePieceVocabulary } from '@oellm/quantize';
 * const vocabulary = readSentencePieceVocabulary(await readFile('tokenizer.model'), 'tokenizer.model');
 * console.log(vocabulary.tokens.length, vocabulary.bosId);
 * ```
 */
export interface SentencePieceVocabulary {
  tokens: string[];
  scores: number[];
  /** SentencePiece piece types (1 normal, 2 unknown, 3 control, 4 user defined, 5 unused, 6 byte), as GGUF token types. */
  types: number[];
  unknownId: number;
  bosId: number;
  eosId: number;
  padId: number;
  addDummyPrefix: boolean;
}

/**
 * Reads the vocabulary of a SentencePiece ModelProto (sentencepiece_model.proto: pieces = 1,
 * trainer_spec = 2 with unk/bos/eos/pad ids 40–43, normalizer_spec = 3 with add_dummy_prefix = 3).
 * Every length is checked against the buffer.
 *
 * @example
 * ```ts
 * import { readSentencePieceVocabulary } from '@oellm/quantize';
 * const { tokens } = readSentencePieceVocabulary(bytes, 'tokenizer.model');
 * ```
 */
export function readSentencePieceVocabulary(bytes: Uint8Array, file: string): SentencePieceVocabulary {
  const vocabulary: SentencePieceVocabulary = { tokens: [], scores: [], types: [], unknownId: 0, bosId: 1, eosId: 2, padId: -1, addDummyPrefix: true };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const fail = (offset: number, message: string): never => {
    throw new InputError({ code: 'invalid_sentencepiece', message, location: { file, offset } });
  };

  function varint(position: { at: number }): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (position.at >= bytes.length) fail(position.at, 'ends inside a number; the file is truncated');
      const byte = bytes[position.at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    return fail(position.at, 'has a number longer than 10 bytes; not a SentencePiece model');
  }

  function fields(start: number, end: number, visit: (field: number, wire: number, position: { at: number }, valueEnd: number) => void): void {
    const position = { at: start };
    while (position.at < end) {
      const key = Number(varint(position));
      const field = key >>> 3;
      const wire = key & 7;
      let valueEnd = position.at;
      if (wire === 0) {
        const before = position.at;
        varint(position);
        valueEnd = position.at;
        position.at = before;
      } else if (wire === 1) valueEnd = position.at + 8;
      else if (wire === 5) valueEnd = position.at + 4;
      else if (wire === 2) {
        const length = Number(varint(position));
        valueEnd = position.at + length;
      } else fail(position.at, `uses protobuf wire type ${wire}, which a SentencePiece model does not`);
      if (valueEnd > end) fail(position.at, 'has a field running past its message; the file is truncated or corrupt');
      visit(field, wire, { at: position.at }, valueEnd);
      position.at = valueEnd;
    }
  }

  const int32 = (value: bigint): number => Number(BigInt.asIntN(32, value));
  fields(0, bytes.length, (field, wire, position, end) => {
    if (field === 1 && wire === 2) {
      let piece = '';
      let score = 0;
      let type = 1;
      fields(position.at, end, (pieceField, pieceWire, piecePosition, pieceEnd) => {
        if (pieceField === 1 && pieceWire === 2) piece = decoder.decode(bytes.subarray(piecePosition.at, pieceEnd));
        else if (pieceField === 2 && pieceWire === 5) score = view.getFloat32(piecePosition.at, true);
        else if (pieceField === 3 && pieceWire === 0) type = int32(varint(piecePosition));
      });
      vocabulary.tokens.push(piece);
      vocabulary.scores.push(score);
      vocabulary.types.push(type);
    } else if (field === 2 && wire === 2) {
      fields(position.at, end, (specField, specWire, specPosition) => {
        if (specWire !== 0) return;
        if (specField === 40) vocabulary.unknownId = int32(varint(specPosition));
        else if (specField === 41) vocabulary.bosId = int32(varint(specPosition));
        else if (specField === 42) vocabulary.eosId = int32(varint(specPosition));
        else if (specField === 43) vocabulary.padId = int32(varint(specPosition));
      });
    } else if (field === 3 && wire === 2) {
      fields(position.at, end, (specField, specWire, specPosition) => {
        if (specField === 3 && specWire === 0) vocabulary.addDummyPrefix = varint(specPosition) !== 0n;
      });
    }
  });
  if (vocabulary.tokens.length === 0) fail(0, 'has no pieces; not a SentencePiece model');
  return vocabulary;
}
