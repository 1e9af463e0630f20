import { describe, expect, it } from 'vitest';
import { documentSchema, documentsToRecordBatch, filterRecordBatch, recordBatchToDocuments, selectRows } from '../src/arrow/index.js';
import { documentColumns, InputError, parseDocument, type Document } from '../src/index.js';

const documents: Document[] = [
  { id: 'a', text: 'Bonġu', lang: 'mt', source: 'test', url: null, metadata: { prob: [0.9] } },
  { id: 'b', text: 'Dia duit 👋', lang: 'ga', source: null, url: 'https://example.ie/', metadata: null },
  { id: 'c', text: '', lang: null, source: null, url: null, metadata: null },
];

describe('document schema', () => {
  it('has the spec columns in order, id and text required', () => {
    expect(documentSchema.fields.map((field) => field.name)).toEqual([...documentColumns]);
    expect(documentSchema.fields.filter((field) => !field.nullable).map((field) => field.name)).toEqual(['id', 'text']);
    expect(documentSchema.metadata.get('oellm.schema')).toBe('oellm.document/v1');
  });

  it('round-trips documents through a record batch', () => {
    const batch = documentsToRecordBatch(documents);
    expect(batch.numRows).toBe(3);
    expect(batch.getChild('text')?.get(1)).toBe('Dia duit 👋');
    expect(batch.getChild('metadata')?.get(0)).toBe('{"prob":[0.9]}');
    expect(recordBatchToDocuments(batch)).toEqual(documents);
  });

  it('selects and filters rows, accounting for every row', () => {
    const batch = documentsToRecordBatch(documents);
    expect(recordBatchToDocuments(selectRows(batch, [2, 0])).map((document) => document.id)).toEqual(['c', 'a']);
    const result = filterRecordBatch(batch, [true, false, true], 'too_short');
    expect(result.kept.numRows).toBe(2);
    expect(result.dropped).toHaveLength(1);
    expect(result.dropped[0]?.reason).toBe('too_short');
    expect(recordBatchToDocuments(result.dropped[0]!.documents)).toEqual([documents[1]]);
    expect(() => filterRecordBatch(batch, [true], 'x')).toThrow(RangeError);
  });
});

describe('parseDocument', () => {
  it('maps known fields and keeps unknown ones in metadata', () => {
    expect(parseDocument({ id: 7, text: 'x', lang: 'de', u: 'https://a', extra: { n: 1 } })).toEqual({
      id: '7', text: 'x', lang: 'de', source: null, url: null, metadata: { u: 'https://a', extra: { n: 1 } },
    });
    expect(parseDocument({ text: 'y' }, {}, 'file:1').id).toBe('file:1');
  });

  it('rejects records without text, naming the place', () => {
    const attempt = (value: unknown) => {
      try {
        parseDocument(value, { file: 'c.jsonl', line: 4 }, 'id');
      } catch (error) {
        return error as InputError;
      }
      throw new Error('expected an error');
    };
    expect(attempt({ id: 'x' }).code).toBe('missing_text');
    expect(attempt({ id: 'x' }).message).toBe('c.jsonl:4 (text): the record has no "text" field');
    expect(attempt({ text: null }).message).toContain('"text" is null');
    expect(attempt([1, 2]).code).toBe('not_an_object');
    expect(attempt({ text: 'x', lang: 5 }).code).toBe('invalid_field');
  });
});
