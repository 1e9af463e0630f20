import type { DocumentStageV1, TokenizerV1 } from '@oellm/core';
import { filterRecordBatch, selectRows } from '@oellm/core/arrow';

// Reference implementations that conform, and broken ones that each break one rule.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every UTF-8 byte is a token: lossless, trivially correct. */
export function byteTokenizer(overrides: Partial<TokenizerV1> = {}): TokenizerV1 {
  return {
    specificationVersion: 'v1',
    name: 'bytes',
    vocabularySize: 256,
    specialIds: {},
    encode: (text) => Uint32Array.from(encoder.encode(text)),
    decode: (ids) => decoder.decode(Uint8Array.from(ids)),
    idToPiece: (id) => `<0x${id.toString(16).padStart(2, '0').toUpperCase()}>`,
    pieceToId: (piece) => (/^<0x[0-9A-F]{2}>$/.test(piece) ? Number.parseInt(piece.slice(3, 5), 16) : undefined),
    ...overrides,
  };
}

export const keepAll: DocumentStageV1 = { specificationVersion: 'v1', name: 'keep-all', process: (batch) => ({ kept: batch, dropped: [] }) };

export const dropShort: DocumentStageV1 = {
  specificationVersion: 'v1',
  name: 'drop-short',
  process(batch) {
    const text = batch.getChild('text')!;
    return filterRecordBatch(batch, Array.from({ length: batch.numRows }, (_, row) => String(text.get(row)).length >= 20), 'too_short');
  },
};

export const silentlyDropsFirstRow: DocumentStageV1 = {
  specificationVersion: 'v1',
  name: 'silent-drop',
  process: (batch) => ({ kept: selectRows(batch, Array.from({ length: Math.max(0, batch.numRows - 1) }, (_, row) => row + 1)), dropped: [] }),
};

export const duplicatesFirstRow: DocumentStageV1 = {
  specificationVersion: 'v1',
  name: 'duplicate',
  process: (batch) => ({ kept: selectRows(batch, [...Array.from({ length: batch.numRows }, (_, row) => row), ...(batch.numRows > 0 ? [0] : [])]), dropped: [] }),
};

export const badReason: DocumentStageV1 = { ...dropShort, name: 'bad-reason', process: (batch) => ({ ...dropShort.process(batch), dropped: (dropShort.process(batch) as ReturnType<typeof filterRecordBatch>).dropped.map((group) => ({ ...group, reason: 'Too short!' })) }) };

export const throwsOnEmpty: DocumentStageV1 = {
  specificationVersion: 'v1',
  name: 'throws-on-empty',
  process(batch) {
    if (batch.numRows === 0) throw new Error('no rows');
    return { kept: batch, dropped: [] };
  },
};
