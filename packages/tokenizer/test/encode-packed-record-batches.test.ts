import type { Document } from '@oellm/core';
import { documentsToRecordBatch } from '@oellm/core/arrow';
import { Dictionary, Int32, LargeUtf8, RecordBatch, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { chunkBytes } from '../src/datasets/encoded-documents.js';
import { packRecordBatches } from '../src/datasets/packed-record-batches.js';

// packRecordBatches copies a utf8 text column's bytes straight from Arrow's buffers. Expected:
// each row's text (Vector.get, the library's own reading) as UTF-8, '' for null or a missing
// column, in row order, whatever the chunking.
const encoder = new TextEncoder();

async function* inBatches(batches: RecordBatch[]): AsyncGenerator<RecordBatch> {
  yield* batches;
}

async function packedRows(batches: RecordBatch[], keepIds: boolean): Promise<{ texts: string[]; ids: (string | null)[]; chunks: number; rowsSeen: number }> {
  const decoder = new TextDecoder();
  const texts: string[] = [];
  const ids: (string | null)[] = [];
  let chunks = 0;
  let rowsSeen = 0;
  for await (const chunk of packRecordBatches(inBatches(batches), { keepIds, onBatch: (rows) => (rowsSeen += rows) })) {
    chunks++;
    expect(chunk.offsets[0]).toBe(0);
    expect(chunk.offsets.at(-1)).toBe(chunk.bytes.length);
    expect(chunk.documentIds.length).toBe(chunk.offsets.length - 1);
    for (let index = 0; index + 1 < chunk.offsets.length; index++) texts.push(decoder.decode(chunk.bytes.subarray(chunk.offsets[index]!, chunk.offsets[index + 1]!)));
    ids.push(...chunk.documentIds);
  }
  return { texts, ids, chunks, rowsSeen };
}

function expectedRows(batches: RecordBatch[]): { texts: string[]; ids: (string | null)[] } {
  const texts: string[] = [];
  const ids: (string | null)[] = [];
  for (const batch of batches) {
    for (let row = 0; row < batch.numRows; row++) {
      texts.push((batch.getChild('text')?.get(row) as string | null | undefined) ?? '');
      ids.push((batch.getChild('id')?.get(row) as string | null | undefined) ?? null);
    }
  }
  return { texts, ids };
}

const document = (id: string, text: string): Document => ({ id, text, lang: null, source: null, url: null, metadata: null });
const sample = (count: number, seed: number): Document[] =>
  Array.from({ length: count }, (_, index) => document(`d${seed}-${index}`, `Dokument ${index} — ħabib, ελληνικά ${'x'.repeat((index * 37 + seed) % 300)} 🙂`));

describe('packRecordBatches', () => {
  it('packs utf8 rows byte for byte across batches and chunk boundaries, ids only when kept', async () => {
    const batches = [documentsToRecordBatch(sample(6000, 1)), documentsToRecordBatch(sample(3, 2)), documentsToRecordBatch(sample(9000, 3))];
    const expected = expectedRows(batches);
    expect(expected.texts.reduce((sum, text) => sum + encoder.encode(text).length, 0)).toBeGreaterThan(2 * chunkBytes);
    const kept = await packedRows(batches, true);
    expect(kept.texts).toEqual(expected.texts);
    expect(kept.ids).toEqual(expected.ids);
    expect(kept.rowsSeen).toBe(15_003);
    expect(kept.chunks).toBeGreaterThanOrEqual(3);
    const dropped = await packedRows(batches, false);
    expect(dropped.texts).toEqual(expected.texts);
    expect(dropped.ids).toEqual(new Array(15_003).fill(null));
  });

  it('reads sliced batches, null texts, a missing text column and other string types as strings', async () => {
    const whole = documentsToRecordBatch(sample(500, 4));
    // Nulls in the text column (documentsToRecordBatch keeps null as null).
    const withNulls = documentsToRecordBatch([document('a', 'eins'), { ...document('b', ''), text: null as unknown as string }, document('c', 'drei')]);
    const noText = new RecordBatch({ id: vectorFromArray(['x', 'y']).data[0]! });
    const dictionary = new Table({ text: vectorFromArray(['alfa', 'beta', 'alfa'], new Dictionary(new Utf8(), new Int32())) }).batches[0]!;
    const large = new Table({ text: vectorFromArray(['groß', '', 'ħafna'], new LargeUtf8()) }).batches[0]!;
    const batches: RecordBatch[] = [whole.slice(120, 377), withNulls, noText, dictionary, large, makeBatchOfOneLongRow()];
    // The paths taken: a sliced utf8 column (offsets start mid-buffer), nulls, other types.
    expect(batches[0]!.getChild('text')!.data[0]!.offset).toBe(120);
    expect(withNulls.getChild('text')!.nullCount).toBe(1);
    const expected = expectedRows(batches);
    expect(expected.texts[257 + 1]).toBe('');
    const packed = await packedRows(batches, true);
    expect(packed.texts).toEqual(expected.texts);
    expect(packed.ids).toEqual(expected.ids);
  });
});

/** One row longer than a chunk, between two short ones. */
function makeBatchOfOneLongRow(): RecordBatch {
  const long = 'ab c'.repeat(chunkBytes / 2);
  return documentsToRecordBatch([document('s1', 'short'), document('long', long), document('s2', 'short again')]);
}
