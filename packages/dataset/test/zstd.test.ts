import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadNativeZstdCompressor, loadWasmZstdCompressor, loadZstdCompressor } from '../src/index.js';
import { sampleDocuments, temporaryDirectory } from './helpers.js';

const corpus = Buffer.from(sampleDocuments(40).map((document) => JSON.stringify(document)).join('\n'));

describe('zstd compressors', () => {
  it('uses native libzstd (zstd-napi) when the addon is built, and both implementations write frames the zstd tool decodes', async () => {
    const native = await loadNativeZstdCompressor();
    expect(native, 'zstd-napi did not load: is it in onlyBuiltDependencies, with a C++ compiler at install?').toBeDefined();
    expect((await loadZstdCompressor()).implementation).toBe('native');
    const directory = temporaryDirectory();
    for (const compress of [native!, await loadWasmZstdCompressor()]) {
      for (const level of [1, 3, 9]) {
        const path = join(directory, `${compress.implementation}-${level}.zst`);
        writeFileSync(path, compress(corpus, level));
        expect(execFileSync('zstd', ['-d', '-c', path]).equals(corpus), `${compress.implementation} level ${level}`).toBe(true);
      }
      // Higher levels compress this text better: the level reaches libzstd.
      expect(compress(corpus, 9).length).toBeLessThan(compress(corpus, 1).length);
      // A second call on the reused context gives an independent, complete frame.
      const first = compress(corpus.subarray(0, 1000), 3);
      const copy = Buffer.from(first);
      compress(corpus, 3);
      expect(Buffer.from(first).equals(copy)).toBe(true);
    }
  });

  it('falls back to WebAssembly when the native addon fails to load', async () => {
    vi.resetModules();
    vi.doMock('zstd-napi', () => {
      throw new Error('Cannot find module ../build/Release/binding.node');
    });
    try {
      const fresh = await import('../src/compression/zstd.js');
      expect(await fresh.loadNativeZstdCompressor()).toBeUndefined();
      const compress = await fresh.loadZstdCompressor();
      expect(compress.implementation).toBe('wasm');
      const directory = temporaryDirectory();
      writeFileSync(join(directory, 'fallback.zst'), compress(corpus, 3));
      expect(execFileSync('zstd', ['-d', '-c', join(directory, 'fallback.zst')]).equals(corpus)).toBe(true);
    } finally {
      vi.doUnmock('zstd-napi');
      vi.resetModules();
    }
  });
});
