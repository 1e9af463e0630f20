import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeTextFiles, loadSentencePieceTokenizer } from '../src/index.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, spmEncode, temporaryDirectory } from './helpers/reference-tools.js';

// A line longer than the 1 MiB chunks encodeTextFiles reads (and than the Unigram kernel's
// largest whole line, so it takes the JavaScript normaliser) between short lines: spm_encode's
// output on the same file is the expected result.
describe('encodeTextFiles with a line longer than a chunk', () => {
  it('writes the id lines spm_encode prints', async () => {
    const model = trainReferenceModels().get('unigram-nmt-nfkc')!;
    const directory = temporaryDirectory('encode-long-lines');
    const input = join(directory, 'input.txt');
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 40));
    const parts: string[] = [];
    for (let index = 0, bytes = 0; bytes < 1.3 * (1 << 20); index = (index + 1) % lines.length) {
      parts.push(lines[index]!);
      bytes += Buffer.byteLength(lines[index]!) + 1;
    }
    const long = parts.join(' ');
    writeFileSync(input, `${lines.slice(0, 300).join('\n')}\n${long}\n${lines.slice(300, 600).join('\n')}\n`);
    const tokenizer = await loadSentencePieceTokenizer(model, { threads: 0 });
    const out = join(directory, 'out.ids');
    const summary = await encodeTextFiles(tokenizer, [input], out, { format: 'ids' });
    const expected = spmEncode(model, input);
    expect(summary.documents).toBe(601);
    const written = readFileSync(out, 'utf8').split('\n').slice(0, -1);
    expect(written.length).toBe(expected.length);
    // Compared line by line: a failure then names the line rather than printing 1 MB.
    for (let index = 0; index < expected.length; index++) if (written[index] !== expected[index]) expect.fail(`line ${index + 1} differs from spm_encode's`);
  }, 120_000);
});
