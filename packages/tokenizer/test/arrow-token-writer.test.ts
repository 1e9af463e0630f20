import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { writeArrowTokenFile } from '../src/index.js';
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
});
