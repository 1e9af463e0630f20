import { InputError } from '@oellm/core';
import type { ModelProto } from '../model/model-proto.js';
import { PieceType, trainerSpecDefaults } from '../model/model-proto.js';
import { ByteTrie } from '../normalizer/byte-trie.js';
import { utf8Encoder } from '../normalizer/utf8.js';

/**
 * `<0xAB>`: the piece of byte 0xAB in byte-fallback models.
 *
 * @example
 * ```ts
 * import { bytePiece } from '@oellm/tokenizer';
 * bytePiece(0xab); // '<0xAB>'
 * ```
 */
export function bytePiece(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
}

/**
 * The vocabulary as sentencepiece's ModelInterface::InitializePieces sees it: normal,
 * user-defined and unused pieces in one table, control/unknown/byte pieces in the reserved
 * table, the unknown id, and the 256 byte pieces when byte fallback is on. A model that spm
 * would reject is rejected here with the same reason.
 */
export class Vocabulary {
  readonly pieces: string[];
  readonly pieceBytes: Uint8Array[];
  readonly types: Uint8Array;
  /** Scores as float32, the precision spm computes with. */
  readonly scores: Float32Array;
  /** NORMAL, USER_DEFINED and UNUSED pieces. */
  readonly normalPieces = new ByteTrie();
  /** CONTROL, UNKNOWN and BYTE pieces. */
  readonly reservedPieces = new ByteTrie();
  readonly userDefinedSymbols: ByteTrie | undefined;
  readonly unknownId: number;
  readonly byteFallback: boolean;
  /** Id of each byte's `<0xXX>` piece (byte-fallback models), else -1. */
  readonly byteIds = new Int32Array(256).fill(-1);
  /** Byte value of each id that is a BYTE piece, else -1. */
  readonly byteOfId: Int16Array;

  constructor(model: ModelProto, file = '<model>') {
    const count = model.pieces.length;
    this.pieces = new Array<string>(count);
    this.pieceBytes = new Array<Uint8Array>(count);
    this.types = new Uint8Array(count);
    this.scores = new Float32Array(count);
    this.byteOfId = new Int16Array(count).fill(-1);
    this.byteFallback = model.trainerSpec?.byteFallback ?? trainerSpecDefaults.byteFallback;
    const fail = (message: string, index: number): never => {
      throw new InputError({ code: 'invalid_model', message: `${message}; spm would refuse this model too`, location: { file, field: `pieces[${index}]` } });
    };
    let unknownId = -1;
    let userDefined: ByteTrie | undefined;
    const byteNames = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) byteNames.set(bytePiece(byte), byte);
    for (let index = 0; index < count; index++) {
      const entry = model.pieces[index]!;
      const piece = entry.piece ?? '';
      if (piece.length === 0) fail('piece must not be empty', index);
      const type = entry.type ?? PieceType.normal;
      const bytes = utf8Encoder.encode(piece);
      this.pieces[index] = piece;
      this.pieceBytes[index] = bytes;
      this.types[index] = type;
      this.scores[index] = entry.score ?? 0;
      const isNormal = type === PieceType.normal || type === PieceType.userDefined || type === PieceType.unused;
      if (!(isNormal ? this.normalPieces : this.reservedPieces).insert(bytes, index)) fail(`piece ${JSON.stringify(piece)} is already defined`, index);
      if (type === PieceType.userDefined) (userDefined ??= new ByteTrie()).insert(bytes, index);
      if (type === PieceType.unknown) {
        if (unknownId >= 0) fail('unk is already defined', index);
        unknownId = index;
      }
      if (type === PieceType.byte) {
        if (!this.byteFallback) fail(`byte piece ${piece} is found although byte_fallback is false`, index);
        const byte = byteNames.get(piece);
        if (byte === undefined) fail(`byte piece ${piece} is invalid`, index);
        this.byteIds[byte!] = index;
        this.byteOfId[index] = byte!;
      }
    }
    if (unknownId < 0) fail('unk is not defined', count);
    if (this.byteFallback && this.byteIds.includes(-1)) fail('there are not 256 byte pieces although byte_fallback is true', count);
    this.unknownId = unknownId;
    this.userDefinedSymbols = userDefined;
  }

  /** spm's PieceToId on bytes: reserved pieces first, then normal ones, else the unknown id. */
  idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const reserved = this.reservedPieces.get(bytes, start, end);
    if (reserved >= 0) return reserved;
    const normal = this.normalPieces.get(bytes, start, end);
    return normal >= 0 ? normal : this.unknownId;
  }

  get size(): number {
    return this.pieces.length;
  }
}
