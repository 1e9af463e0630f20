import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document, DocumentSourceV1 } from '@oellm/core';
import { InputError, readManifest, type QuarantineRecord, type SourceReadOptions } from '@oellm/core';
import { documentsToRecordBatch } from '@oellm/core/arrow';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeDocumentSource, loadSentencePieceTokenizer } from '../src/index.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, spmEncode, temporaryDirectory } from './helpers/reference-tools.js';

// encodeDocumentSource on a core DocumentSource (three record batches of Documents, as any
// reader yields them): one output document per Document, ids as spm_encode gives them.
let directory: string;
let model: string;
let documents: Document[];
let expected: string[];

const source: DocumentSourceV1 = {
  specificationVersion: 'v1',
  name: 'flores-documents',
  async *batches() {
    for (let start = 0; start < documents.length; start += 70) yield documentsToRecordBatch(documents.slice(start, start + 70));
  },
  countRows: async () => documents.length,
};

beforeAll(() => {
  directory = temporaryDirectory('encode-documents');
  model = trainReferenceModels().get('bpe-identity-byte-fallback')!;
  const texts = floresFiles()
    .filter(([name]) => ['mlt_Latn.dev', 'ell_Grek.dev'].includes(name))
    .flatMap(([, lines]) => lines.slice(600, 700));
  texts.splice(50, 0, '');
  documents = texts.map((text, index) => ({ id: `doc-${index}`, text, lang: null, source: null, url: null, metadata: null }));
  const textFile = join(directory, 'texts.txt');
  writeFileSync(textFile, `${texts.join('\n')}\n`);
  expected = spmEncode(model, textFile);
}, 120_000);

describe('encodeDocumentSource', () => {
  it('writes one id line per Document, equal to spm_encode, with the given inputs and parents in the manifest', async () => {
    const tokenizer = await loadSentencePieceTokenizer(model);
    const out = join(directory, 'documents.ids');
    const inputs = [{ path: 'shard-00000.parquet', bytes: 1, sha256: 'a'.repeat(64), role: 'shard', rows: documents.length }];
    const parents = [{ path: 'dataset/manifest.json', sha256: 'b'.repeat(64) }];
    const summary = await encodeDocumentSource(tokenizer, source, out, { format: 'ids', modelPath: model, inputs, parents });
    expect(summary.documents).toBe(201);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).toEqual(expected);
    const manifest = await readManifest(summary.manifest);
    expect(manifest.inputs[0]).toEqual(inputs[0]);
    expect(manifest.inputs[1]).toMatchObject({ role: 'model' });
    expect(manifest.parents).toEqual(parents);
    expect(manifest.counts).toEqual({ documents: 201, tokens: expected.reduce((sum, line) => sum + (line === '' ? 0 : line.split(' ').length), 0), quarantined: 0 });
    expect(summary.quarantined).toBe(0);
    expect(existsSync(`${out}.quarantine.jsonl`)).toBe(false);
  });

  it('writes Arrow rows that keep the Document ids, and Megatron documents, including the empty one', async () => {
    const tokenizer = await loadSentencePieceTokenizer(model);
    const arrowPath = join(directory, 'documents.arrow');
    await encodeDocumentSource(tokenizer, source, arrowPath, { format: 'arrow' });
    const table = tableFromIPC(readFileSync(arrowPath));
    expect(table.numRows).toBe(201);
    expect(table.getChild('id')!.toArray()).toEqual(documents.map((document) => document.id));
    const tokens = table.getChild('tokens')!;
    expect(Array.from({ length: 201 }, (_, row) => Array.from(tokens.get(row)!.toArray() as Uint32Array).join(' '))).toEqual(expected);

    const prefix = join(directory, 'documents_text_document');
    const summary = await encodeDocumentSource(tokenizer, source, prefix, { format: 'megatron' });
    const index = readFileSync(`${prefix}.idx`);
    expect(Number(index.readBigUInt64LE(26))).toBe(202); // document indices: 0 and one per document
    expect(index.readInt32LE(34 + 50 * 4)).toBe(0); // the empty document stays a document
    expect(summary.outputs).toEqual([`${prefix}.bin`, `${prefix}.idx`]);
  });

  it('quarantines the records the source cannot read to OUT.quarantine.jsonl, counts them and encodes the rest; strict stops', async () => {
    // Two unreadable records between the batches, reported as @oellm/dataset's readers report them.
    const bad: QuarantineRecord[] = [
      { file: 'shard-00001.jsonl', line: 71, reason: 'invalid_json', detail: 'Unexpected end of JSON input' },
      { file: 'shard-00001.jsonl', line: 142, reason: 'invalid_utf8', detail: 'invalid UTF-8 at byte 17' },
    ];
    const corrupt: DocumentSourceV1 = {
      specificationVersion: 'v1',
      name: 'corrupt',
      async *batches(options: SourceReadOptions = {}) {
        for (let start = 0, batch = 0; start < documents.length; start += 70, batch++) {
          const record = bad[batch - 1];
          if (record) {
            if (!options.quarantine) throw new InputError({ code: record.reason, message: record.detail!, location: { file: record.file, line: record.line! } });
            options.quarantine({ ...record });
          }
          yield documentsToRecordBatch(documents.slice(start, start + 70));
        }
      },
    };
    const tokenizer = await loadSentencePieceTokenizer(model);
    const out = join(directory, 'corrupt.ids');
    const summary = await encodeDocumentSource(tokenizer, corrupt, out, { format: 'ids' });
    expect(summary).toMatchObject({ documents: 201, quarantined: 2, quarantine: `${out}.quarantine.jsonl` });
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).toEqual(expected);
    expect(readFileSync(`${out}.quarantine.jsonl`, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual(bad);
    const manifest = await readManifest(summary.manifest);
    expect(manifest.counts).toMatchObject({ documents: 201, quarantined: 2, 'quarantined:invalid_json': 1, 'quarantined:invalid_utf8': 1 });
    expect(manifest.outputs.map((file) => [file.path, file.role, file.rows])).toEqual([
      ['corrupt.ids', 'ids', undefined],
      ['corrupt.ids.quarantine.jsonl', 'quarantine', 2],
    ]);

    const strictOut = join(directory, 'strict.ids');
    await expect(encodeDocumentSource(tokenizer, corrupt, strictOut, { format: 'ids', strict: true })).rejects.toMatchObject({ code: 'invalid_json', location: { file: 'shard-00001.jsonl', line: 71 } });
    expect(existsSync(strictOut)).toBe(false);
  });
});
