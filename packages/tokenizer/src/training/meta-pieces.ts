import { InputError } from '@oellm/core';
import { PieceType } from '../model/model-proto.js';
import { bytePiece } from '../encoder/vocabulary.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';

/** id → [piece, type] for the special, control, user-defined and byte pieces (TrainerInterface::InitMetaPieces). */
export function initializeMetaPieces(options: ResolvedTrainerOptions): Map<number, [string, number]> {
  const meta = new Map<number, [string, number]>();
  const fail = (message: string): never => {
    throw new InputError({ code: 'invalid_options', message, location: { field: 'special pieces' } });
  };
  let hasUnknown = false;
  const insertId = (id: number, piece: string): void => {
    if (id < 0) return;
    if (id >= options.vocabularySize || meta.has(id) || (hasUnknown && piece === options.unkPiece)) fail(`id ${id} of ${piece} is taken or outside the vocabulary; choose distinct special ids below vocabularySize`);
    if (piece === options.unkPiece) hasUnknown = true;
    meta.set(id, [piece, piece === options.unkPiece ? PieceType.unknown : PieceType.control]);
  };
  insertId(options.unkId, options.unkPiece);
  insertId(options.bosId, options.bosPiece);
  insertId(options.eosId, options.eosPiece);
  insertId(options.padId, options.padPiece);
  if (!hasUnknown) fail(`${options.unkPiece} must have an id (unkId >= 0)`);
  const seen = new Set<string>();
  let next = 0;
  const insertSymbol = (piece: string, type: number): void => {
    if (seen.has(piece)) fail(`${piece} is defined twice`);
    seen.add(piece);
    if (piece === options.unkPiece) fail(`${piece} must not be a control or user-defined symbol`);
    if (piece === options.bosPiece && options.bosId >= 0) meta.get(options.bosId)![1] = type;
    else if (piece === options.eosPiece && options.eosId >= 0) meta.get(options.eosId)![1] = type;
    else if (piece === options.padPiece && options.padId >= 0) meta.get(options.padId)![1] = type;
    else {
      while (meta.has(next)) next++;
      meta.set(next, [piece, type]);
    }
  };
  for (const piece of options.controlSymbols) insertSymbol(piece, PieceType.control);
  for (const piece of options.userDefinedSymbols) insertSymbol(piece, PieceType.userDefined);
  if (options.byteFallback) for (let byte = 0; byte < 256; byte++) insertSymbol(bytePiece(byte), PieceType.byte);
  return meta;
}
