import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { createJsonlSource, openDocumentSource } from '../src/index.js';
import { readAll, sampleDocuments, temporaryDirectory, zstdCli } from './helpers.js';

const toJsonl = (records: unknown[]) => records.map((record) => JSON.stringify(record)).join('\n') + '\n';

describe('JSONL reader', () => {
  const documents = sampleDocuments();

  it('reads plain, gzip and zstd JSONL into the document schema, identically', async () => {
    const directory = temporaryDirectory();
    const plain = join(directory, 'a.jsonl');
    writeFileSync(plain, toJsonl(documents));
    writeFileSync(join(directory, 'a.jsonl.gz'), gzipSync(readFileSync(plain)));
    zstdCli(plain, join(directory, 'a.jsonl.zst'));
    for (const name of ['a.jsonl', 'a.jsonl.gz', 'a.jsonl.zst']) {
      const { documents: read, quarantined } = await readAll(createJsonlSource(join(directory, name)));
      expect(quarantined).toEqual([]);
      expect(read).toEqual(documents);
    }
    expect((await readAll(createJsonlSource(join(directory, 'a.jsonl.zst'), { zstdDecoder: 'fzstd' }))).documents).toEqual(documents);
  });

  it('keeps lines that span read chunks and batches within the batch size', async () => {
    const directory = temporaryDirectory();
    const long = documents.map((document, index) => ({ ...document, text: `${document.text} `.repeat(400 + index) }));
    const path = join(directory, 'long.jsonl');
    writeFileSync(path, toJsonl(long));
    zstdCli(path, `${path}.zst`);
    const sizes: number[] = [];
    const read = [];
    for await (const batch of createJsonlSource(`${path}.zst`).batches({ batchSize: 7, quarantine: () => {} })) {
      sizes.push(batch.numRows);
      read.push(batch);
    }
    expect(sizes.every((size) => size <= 7)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(long.length);
    const { documents: all } = await readAll(createJsonlSource(`${path}.zst`));
    expect(all.map((document) => document.text)).toEqual(long.map((document) => document.text));
  });

  it('maps HPLT v2 records: lang[0] to a registry code, u to url, other fields to metadata', async () => {
    const directory = temporaryDirectory();
    const record = {
      f: 'warc/1.warc.gz', o: 1234, s: 567, rs: 890, u: 'https://gov.mt/mt/', c: 'text/html', ts: '2023-01-31T00:00:00Z', collection: 'cc40',
      lang: ['mlt_Latn', 'eng_Latn'], prob: [0.9512, 0.0312], text: 'Il-Gvern ta’ Malta.\nIl-Ministeru.', seg_langs: ['mlt_Latn', 'mlt_Latn'],
      id: 'a1b2c3', filter: 'keep', pii: [[3, 8]], doc_scores: [7.2], robots: 'allowed',
    };
    const path = join(directory, 'mt_1.jsonl');
    writeFileSync(path, toJsonl([record]));
    zstdCli(path, `${path}.zst`);
    const { documents: [document] } = await readAll(createJsonlSource(`${path}.zst`));
    const { text, id, u, ...rest } = record;
    expect(document).toEqual({ id, text, lang: 'mt', source: 'hplt-v2', url: u, metadata: rest });
  });

  it('quarantines invalid JSON, invalid UTF-8 and records without text with file, line and offset, and goes on', async () => {
    const directory = temporaryDirectory();
    const path = join(directory, 'broken.jsonl');
    const good = (id: string) => Buffer.from(`${JSON.stringify({ id, text: `text ${id}` })}\n`);
    const lines = [
      good('1'),
      Buffer.from('{"id": "2", "text": "unterminated\n'),
      Buffer.concat([Buffer.from('{"id":"3","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
      Buffer.from('{"id":"4","title":"no text here"}\n'),
      Buffer.from('\n'),
      Buffer.from('{"id":"5","text":null}\n'),
      Buffer.from('[1,2]\n'),
      good('6'),
    ];
    writeFileSync(path, Buffer.concat(lines));
    const { documents: read, quarantined } = await readAll(createJsonlSource(path));
    expect(read.map((document) => document.id)).toEqual(['1', '6']);
    const offsetOf = (index: number) => lines.slice(0, index).reduce((sum, line) => sum + line.length, 0);
    expect(quarantined.map(({ file, line, offset, reason }) => ({ file, line, offset, reason }))).toEqual([
      { file: path, line: 2, offset: offsetOf(1), reason: 'invalid_json' },
      { file: path, line: 3, offset: offsetOf(2), reason: 'invalid_utf8' },
      { file: path, line: 4, offset: offsetOf(3), reason: 'missing_text' },
      { file: path, line: 6, offset: offsetOf(5), reason: 'missing_text' },
      { file: path, line: 7, offset: offsetOf(6), reason: 'not_an_object' },
    ]);
  });

  it.each(['zstd-cli', 'fzstd'] as const)('quarantines a truncated zstd frame after keeping every complete line before it (%s decoder)', async (zstdDecoder) => {
    const directory = temporaryDirectory();
    const path = join(directory, 'cut.jsonl');
    const records = Array.from({ length: 5000 }, (_, index) => ({ id: String(index), text: `document ${index} `.repeat(20) }));
    writeFileSync(path, toJsonl(records));
    zstdCli(path, `${path}.zst`);
    const compressed = readFileSync(`${path}.zst`);
    writeFileSync(`${path}.zst`, compressed.subarray(0, Math.floor(compressed.length * 0.6)));
    const { documents: read, quarantined } = await readAll(createJsonlSource(`${path}.zst`, { zstdDecoder }));
    expect(read.length).toBeGreaterThan(0);
    expect(read.length).toBeLessThan(records.length);
    expect(read.map((document) => document.id)).toEqual(records.slice(0, read.length).map((record) => record.id));
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ file: `${path}.zst`, reason: 'truncated_zstd_frame', line: read.length + 1 });
    const fullText = readFileSync(path);
    let offset = 0;
    for (let line = 0; line < read.length; line++) offset = fullText.indexOf(0x0a, offset) + 1;
    expect(quarantined[0]!.offset).toBe(offset);
  });

  it.each(['zstd-cli', 'fzstd'] as const)('quarantines damaged zstd data as invalid_zstd (%s decoder)', async (zstdDecoder) => {
    const directory = temporaryDirectory();
    const path = join(directory, 'garbage.jsonl.zst');
    writeFileSync(path, Buffer.from('this is not zstd at all'));
    const { quarantined } = await readAll(createJsonlSource(path, { zstdDecoder }));
    expect(quarantined.map((record) => record.reason)).toEqual(['invalid_zstd']);
  });

  it('reports a truncated gzip member', async () => {
    const directory = temporaryDirectory();
    const path = join(directory, 'cut.jsonl.gz');
    const compressed = gzipSync(toJsonl(Array.from({ length: 2000 }, (_, index) => ({ text: `line ${index} `.repeat(10) }))));
    writeFileSync(path, compressed.subarray(0, compressed.length - 50));
    const { quarantined } = await readAll(createJsonlSource(path));
    expect(quarantined.map((record) => record.reason)).toEqual(['truncated_gzip']);
  });

  it('throws an InputError naming file and line at the first bad record in strict mode', async () => {
    const directory = temporaryDirectory();
    const path = join(directory, 'strict.jsonl');
    writeFileSync(path, '{"text":"ok"}\n{"text": oops}\n');
    const error = await readAll(createJsonlSource(path), true).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).code).toBe('invalid_json');
    expect((error as Error).message).toContain(`${path}:2:`);
  });

  it('quarantines a line longer than maxLineBytes without holding it, and reads on', async () => {
    const directory = temporaryDirectory();
    const path = join(directory, 'long-line.jsonl');
    const huge = `{"text":"${'x'.repeat(3 << 20)}"}`;
    writeFileSync(path, `{"id":"a","text":"before"}\n${huge}\n{"id":"b","text":"after"}\n${huge}`);
    const { documents: read, quarantined } = await readAll(createJsonlSource(path, { maxLineBytes: 1 << 20 }));
    expect(read.map((document) => document.id)).toEqual(['a', 'b']);
    const second = Buffer.byteLength('{"id":"a","text":"before"}\n');
    expect(quarantined.map(({ line, offset, reason }) => ({ line, offset, reason }))).toEqual([
      { line: 2, offset: second, reason: 'line_too_long' },
      { line: 4, offset: second + huge.length + 1 + Buffer.byteLength('{"id":"b","text":"after"}\n'), reason: 'line_too_long' },
    ]);
  });

  it('gives records without an id a file:line id', async () => {
    const directory = temporaryDirectory();
    const path = join(directory, 'noid.jsonl');
    writeFileSync(path, '{"text":"a"}\n{"text":"b","id":7}\n');
    const { documents: read } = await readAll(createJsonlSource(path));
    expect(read.map((document) => document.id)).toEqual([`${path}:1`, '7']);
  });
});

describe('input resolution', () => {
  it('expands directories, globs and _map.txt shard lists in a deterministic order', async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, 'mt'));
    mkdirSync(join(directory, 'ga'));
    writeFileSync(join(directory, 'mt', 'mt_2.jsonl'), toJsonl([{ id: 'mt2', text: 'b' }]));
    writeFileSync(join(directory, 'mt', 'mt_1.jsonl'), toJsonl([{ id: 'mt1', text: 'a' }]));
    writeFileSync(join(directory, 'mt', '_quarantine.jsonl'), toJsonl([{ id: 'skip', text: 'x' }]));
    writeFileSync(join(directory, 'ga', 'ga_1.jsonl'), toJsonl([{ id: 'ga1', text: 'c' }]));
    writeFileSync(join(directory, 'mt_map.txt'), '# shards\nmt/mt_2.jsonl\nmt/mt_1.jsonl\n');
    const ids = async (inputs: string[]) => (await readAll(await openDocumentSource(inputs))).documents.map((document) => document.id);
    expect(await ids([join(directory, 'mt')])).toEqual(['mt1', 'mt2']);
    expect(await ids([join(directory, '**', '*_1.jsonl')])).toEqual(['ga1', 'mt1']);
    expect(await ids([join(directory, 'mt_map.txt')])).toEqual(['mt2', 'mt1']);
    await expect(openDocumentSource([join(directory, 'missing.jsonl')])).rejects.toMatchObject({ code: 'file_not_found' });
    writeFileSync(join(directory, 'remote_map.txt'), 'https://data.hplt-project.org/two/cleaned/mlt_Latn/1.jsonl.zst\n');
    await expect(openDocumentSource([join(directory, 'remote_map.txt')])).rejects.toMatchObject({ code: 'remote_input' });
  });
});
