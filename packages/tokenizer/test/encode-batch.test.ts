import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { floresFiles, spmEncode, temporaryDirectory } from './helpers/reference-tools.js';
import { trainReferenceModels } from './helpers/reference-models.js';

type TokenizerModule = typeof import('../src/index.js');

const models = trainReferenceModels();
const allLines = floresFiles().flatMap(([, fileLines]) => fileLines);
const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 60));

describe('encodeBatch', () => {
  it('in source mode (no worker entry) encodes inline and equals encode()', async () => {
    const source: TokenizerModule = await import('../src/index.js');
    const tokenizer = await source.loadSentencePieceTokenizer(models.get('unigram-nmt-nfkc')!);
    const batch = await tokenizer.encodeBatch(lines);
    expect(batch.map((ids) => Array.from(ids))).toEqual(lines.map((line) => Array.from(tokenizer.encode(line))));
  });

  // The real worker path runs from the built package (turbo builds before tests in CI).
  it('on worker threads of the built package equals encode(), in input order', async () => {
    const entry = new URL('../dist/index.js', import.meta.url);
    expect(existsSync(fileURLToPath(entry)), 'build the package first: pnpm --filter @oellm/tokenizer build').toBe(true);
    expect(existsSync(fileURLToPath(new URL('../dist/encode-worker.js', import.meta.url)))).toBe(true);
    const built = (await import(/* @vite-ignore */ entry.href)) as TokenizerModule;
    for (const name of ['unigram-identity-byte-fallback', 'bpe-nmt-nfkc']) {
      const tokenizer = await built.loadSentencePieceTokenizer(models.get(name)!, { threads: 2 });
      const inline = await built.loadSentencePieceTokenizer(models.get(name)!, { threads: 0 });
      const batch = await tokenizer.encodeBatch(lines);
      expect(tokenizer.workerCount).toBe(2);
      expect(batch).toHaveLength(lines.length);
      expect(batch.map((ids) => Array.from(ids))).toEqual(lines.map((line) => Array.from(inline.encode(line))));
      // The same workers serve the next batch (they load the model once).
      const again = await tokenizer.encodeBatch(lines.slice(0, 100));
      expect(again.map((ids) => Array.from(ids))).toEqual(batch.slice(0, 100).map((ids) => Array.from(ids)));
      await tokenizer.close();
      expect(tokenizer.workerCount).toBe(0);
    }
  });

  it('encodeTextFiles on worker threads of the built package writes the ids spm_encode prints', async () => {
    const built = (await import(/* @vite-ignore */ new URL('../dist/index.js', import.meta.url).href)) as TokenizerModule;
    const model = models.get('unigram-nmt-nfkc')!;
    const directory = temporaryDirectory('encode-files-workers');
    const input = join(directory, 'input.txt');
    // Enough text for several 1 MiB chunks, so chunks are in flight on both workers at once.
    writeFileSync(input, `${Array.from({ length: 3 }, () => allLines.join('\n')).join('\n')}\n`);
    const tokenizer = await built.loadSentencePieceTokenizer(model, { threads: 2 });
    const out = join(directory, 'out.ids');
    await built.encodeTextFiles(tokenizer, [input], out, { format: 'ids' });
    expect(tokenizer.workerCount).toBe(2);
    await tokenizer.close();
    expect(readFileSync(out, 'utf8').split('\n').slice(0, -1)).toEqual(spmEncode(model, input));
  }, 120_000);
});
