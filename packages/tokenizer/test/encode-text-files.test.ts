import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTextFiles, loadSentencePieceTokenizer } from '../src/index.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, spmEncode, temporaryDirectory } from './helpers/reference-tools.js';

// encodeTextFiles reads lines as spm_encode does (split on \n only, raw bytes), packs them into
// 1 MiB chunks and writes id lines: spm_encode's output on the same file is the expected result.
describe('encodeTextFiles', () => {
  it('writes the id lines spm_encode prints, across chunk boundaries, for empty lines, CRLF, malformed UTF-8 and a last line without newline', async () => {
    const model = trainReferenceModels().get('unigram-identity-byte-fallback')!;
    const directory = temporaryDirectory('encode-text-files');
    const input = join(directory, 'input.txt');
    const flores = Buffer.from(floresFiles().flatMap(([, lines]) => lines.slice(0, 200)).join('\n'));
    // About 2.6 MB, so lines straddle the 1 MiB blocks the file is read in.
    writeFileSync(input, Buffer.concat([flores, Buffer.from('\n\nCRLF line\r\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from(' bytes '), Buffer.from([0xc3, 0x0a]), flores, Buffer.from('\nlast line without newline')]));
    const tokenizer = await loadSentencePieceTokenizer(model);
    const out = join(directory, 'out.ids');
    const summary = await encodeTextFiles(tokenizer, [input], out, { format: 'ids' });
    const expected = spmEncode(model, input);
    expect(summary.documents).toBe(expected.length);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).toEqual(expected);
  }, 120_000);
});
