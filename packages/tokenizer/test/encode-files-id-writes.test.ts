import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EncodedChunk } from '../src/datasets/encoded-documents.js';
import { writeTokenDataset } from '../src/datasets/write-token-dataset.js';
import type { SentencePieceTokenizer } from '../src/encoder/sentencepiece-tokenizer.js';
import { temporaryDirectory } from './helpers/reference-tools.js';

// The ids format writes each chunk while the next one is encoded, from two buffers used in turn.
// The expected text is built with String() and join() from spm_encode's id format (decimal ids,
// single spaces, a line per document).
const tokenizer = { name: 'test', vocabularySize: 200_000 } as unknown as SentencePieceTokenizer;

function chunkOf(seed: number, documents: number): { chunk: EncodedChunk; text: string } {
  const lists: number[][] = [];
  for (let document = 0; document < documents; document++) lists.push(Array.from({ length: (document * 7 + seed) % 40 }, (_, index) => ((document + 1) * 104_729 * (index + seed)) % 200_000));
  const offsets = Int32Array.from([0, ...lists.map((_, index) => lists.slice(0, index + 1).flat().length)]);
  return { chunk: { ids: Uint32Array.from(lists.flat()), offsets, documentIds: lists.map(() => null) }, text: lists.map((ids) => `${ids.join(' ')}\n`).join('') };
}

describe('writeTokenDataset ids', () => {
  it('writes every chunk in order, though chunks of different sizes reuse two buffers', async () => {
    const directory = temporaryDirectory('id-writes');
    const out = join(directory, 'out.ids');
    // Sizes up and down, so a buffer is sometimes reused and sometimes too small.
    const parts = [300, 20, 900, 5, 0, 450, 900, 1].map((documents, index) => chunkOf(index + 1, documents));
    async function* chunks(): AsyncGenerator<EncodedChunk> {
      for (const { chunk } of parts) yield chunk;
    }
    const summary = await writeTokenDataset(tokenizer, chunks(), out, 'ids', { inputs: [], startedAt: Date.now() });
    expect(readFileSync(out, 'utf8')).toBe(parts.map(({ text }) => text).join(''));
    expect(summary.documents).toBe(300 + 20 + 900 + 5 + 450 + 900 + 1);
  });

  it('leaves no file when the chunks fail after some were written', async () => {
    const directory = temporaryDirectory('id-writes');
    async function* chunks(): AsyncGenerator<EncodedChunk> {
      yield chunkOf(1, 500).chunk;
      yield chunkOf(2, 500).chunk;
      throw new Error('the encoder failed');
    }
    await expect(writeTokenDataset(tokenizer, chunks(), join(directory, 'out.ids'), 'ids', { inputs: [], startedAt: Date.now() })).rejects.toThrow('the encoder failed');
    expect(readdirSync(directory)).toEqual([]);
  });
});
