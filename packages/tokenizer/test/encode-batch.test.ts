import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { floresFiles } from './helpers/reference-tools.js';
import { trainReferenceModels } from './helpers/reference-models.js';

type TokenizerModule = typeof import('../src/index.js');

const models = trainReferenceModels();
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
      expect(batch).toHaveLength(lines.length);
      expect(batch.map((ids) => Array.from(ids))).toEqual(lines.map((line) => Array.from(inline.encode(line))));
    }
  });
});
