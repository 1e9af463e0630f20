import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '@oellm/core';
import { RecordBatchFileReader, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { EncodedChunk } from '../src/datasets/encoded-documents.js';
import { writeTokenDataset } from '../src/datasets/write-token-dataset.js';
import type { SentencePieceTokenizer } from '../src/encoder/sentencepiece-tokenizer.js';
import { createArrowTokenWriter, writeArrowTokenFile } from '../src/index.js';
import { temporaryDirectory } from './helpers/reference-tools.js';

describe('writeArrowTokenFile', () => {
  it('writes one list<uint32> row per document that apache-arrow reads back', async () => {
    const path = join(temporaryDirectory('arrow'), 'tokens.arrow');
    const documents = [{ id: 'a', ids: Uint32Array.of(5, 4_000_000_000, 0) }, { id: null, ids: new Uint32Array(0) }, { ids: [7] }];
    expect(await writeArrowTokenFile(path, documents)).toEqual({ rows: 3, tokens: 4 });
    const table = tableFromIPC(readFileSync(path));
    expect(table.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual(['id:Utf8', 'tokens:List<Uint32>']);
    expect(table.getChild('id')!.toArray()).toEqual(['a', null, null]);
    expect([...table.getChild('tokens')!].map((row) => Array.from(row!.toArray() as Uint32Array))).toEqual([[5, 4_000_000_000, 0], [], [7]]);
  });

  it('splits documents over record batches of at most about a million tokens', async () => {
    const path = join(temporaryDirectory('arrow-split'), 'tokens.arrow');
    const documents = [0, 1, 2, 3].map((index) => ({ id: `d${index}`, ids: new Uint32Array(index === 3 ? 10 : 600_000).fill(index) }));
    expect(await writeArrowTokenFile(path, documents)).toEqual({ rows: 4, tokens: 1_800_010 });
    expect([...RecordBatchFileReader.from(readFileSync(path))].map((batch) => batch.numRows)).toEqual([1, 1, 2]);
    const tokens = tableFromIPC(readFileSync(path)).getChild('tokens')!;
    expect([0, 1, 2, 3].map((row) => [tokens.get(row)!.length, tokens.get(row)!.get(0)])).toEqual([[600_000, 0], [600_000, 1], [600_000, 2], [10, 3]]);
  });

  it('writes an empty file that still has the schema', async () => {
    const path = join(temporaryDirectory('arrow-empty'), 'tokens.arrow');
    expect(await writeArrowTokenFile(path, [])).toEqual({ rows: 0, tokens: 0 });
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((field) => `${field.name}:${field.type}`)).toEqual(['id:Utf8', 'tokens:List<Uint32>']);
  });
});

describe('createArrowTokenWriter', () => {
  it('writes each record batch to the file before addDocuments resolves, holding no earlier batch', async () => {
    const directory = temporaryDirectory('arrow-stream');
    const path = join(directory, 'tokens.arrow');
    const writer = await createArrowTokenWriter(path);
    const temporaryFile = (): string => join(directory, readdirSync(directory).find((name) => name.startsWith('.tokens.arrow.partial-'))!);
    const expectedRows: number[][] = [];
    const expectedIds: (string | null)[] = [];
    let tokensSoFar = 0;
    for (let batch = 0; batch < 5; batch++) {
      // Documents of 0 to 300 ids; the last of each batch has no id.
      const lengths = Array.from({ length: 40 + batch }, (_, index) => (index * 37 + batch * 11) % 301);
      const offsets = new Int32Array(lengths.length + 1);
      lengths.forEach((length, index) => (offsets[index + 1] = offsets[index]! + length));
      const ids = Uint32Array.from({ length: offsets.at(-1)! }, (_, position) => (position * 2654435761 + batch) >>> 0);
      const documentIds = lengths.map((_, index) => (index === lengths.length - 1 ? null : `b${batch}-d${index}`));
      for (let index = 0; index < lengths.length; index++) expectedRows.push(Array.from(ids.subarray(offsets[index]!, offsets[index + 1]!)));
      expectedIds.push(...documentIds);
      await writer.addDocuments(ids, offsets, documentIds);
      tokensSoFar += ids.length;
      // The batch's 4-byte tokens are in the file already: the writer keeps nothing to write later.
      expect(writer.bytesWritten).toBeGreaterThanOrEqual(tokensSoFar * 4);
      expect(statSync(temporaryFile()).size).toBe(writer.bytesWritten);
    }
    const summary = await writer.finalize();
    expect(readdirSync(directory)).toEqual(['tokens.arrow']);
    // The hash taken while writing is the file's on disk.
    expect(summary).toEqual({ rows: expectedRows.length, tokens: tokensSoFar, batches: 5, hash: { bytes: statSync(path).size, sha256: sha256Hex(readFileSync(path)) } });

    const reader = RecordBatchFileReader.from(readFileSync(path));
    const batches = [...reader];
    expect(batches.map((batch) => batch.numRows)).toEqual([40, 41, 42, 43, 44]);
    const table = tableFromIPC(readFileSync(path));
    expect(table.getChild('id')!.toArray()).toEqual(expectedIds);
    expect([...table.getChild('tokens')!].map((row) => Array.from(row!.toArray() as Uint32Array))).toEqual(expectedRows);
  });

  it('abort leaves no file; a document-id count that does not match the offsets is refused', async () => {
    const directory = temporaryDirectory('arrow-abort');
    const writer = await createArrowTokenWriter(join(directory, 'tokens.arrow'));
    await expect(writer.addDocuments(Uint32Array.of(1, 2), Int32Array.of(0, 1, 2), ['only-one'])).rejects.toThrow(RangeError);
    await writer.abort();
    expect(readdirSync(directory)).toEqual([]);
  });
});

describe('writeTokenDataset in Arrow format', () => {
  it('has the previous chunks on disk whenever it asks for the next one: memory holds one batch', async () => {
    const directory = temporaryDirectory('arrow-bounded');
    const out = join(directory, 'tokens.arrow');
    const tokenizer = { name: 'test', vocabularySize: 1000 } as unknown as SentencePieceTokenizer;
    const sizeOnDisk = (): number => {
      const partial = readdirSync(directory).find((name) => name.startsWith('.tokens.arrow.partial-'));
      return partial ? statSync(join(directory, partial)).size : 0;
    };
    const observed: { tokensBefore: number; bytesOnDisk: number }[] = [];
    let tokensBefore = 0;
    async function* chunks(): AsyncGenerator<EncodedChunk> {
      for (let chunk = 0; chunk < 6; chunk++) {
        observed.push({ tokensBefore, bytesOnDisk: sizeOnDisk() });
        const offsets = Int32Array.from({ length: 101 }, (_, index) => index * 500);
        const ids = Uint32Array.from({ length: 50_000 }, (_, position) => (position + chunk) % 1000);
        tokensBefore += ids.length;
        yield { ids, offsets, documentIds: Array.from({ length: 100 }, (_, index) => `c${chunk}-${index}`) };
      }
    }
    const summary = await writeTokenDataset(tokenizer, chunks(), out, 'arrow', { inputs: [], startedAt: Date.now() });
    expect(summary).toMatchObject({ documents: 600, tokens: 300_000, outputs: [out] });
    // Before chunk k is read, the k earlier chunks' 4-byte tokens are already in the file.
    for (const { tokensBefore: tokens, bytesOnDisk } of observed) expect(bytesOnDisk).toBeGreaterThanOrEqual(tokens * 4);
    expect(observed.at(-1)!.tokensBefore).toBe(250_000);
    expect([...RecordBatchFileReader.from(readFileSync(out))].map((batch) => batch.numRows)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(tableFromIPC(readFileSync(out)).getChild('tokens')!.get(599)!.toArray()).toEqual(Uint32Array.from({ length: 500 }, (_, position) => (49_500 + position + 5) % 1000));
  });
});
