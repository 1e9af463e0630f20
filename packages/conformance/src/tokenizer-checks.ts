import type { TokenizerV1 } from '@oellm/core';
import { requireThat, type ConformanceCheck } from './conformance-check.js';
import { languageSamples } from './language-samples.js';
import { trickyTexts } from './tricky-texts.js';

/**
 * Options of {@link tokenizerChecks}.
 *
 * @example
 * ```ts
 * import { tokenizerChecks, type TokenizerCheckOptions } from '@oellm/conformance';
 * const options: TokenizerCheckOptions = { languages: ['de', 'mt', 'ga'], lossless: true };
 * tokenizerChecks(() => loadMyTokenizer(), options);
 * ```
 */
export interface TokenizerCheckOptions {
  /** Registry codes whose sample must round-trip (default: every language with a sample). */
  languages?: readonly string[];
  /**
   * Also require `decode(encode(text)) === text` for astral-plane text (true for byte-fallback
   * and byte-level tokenizers; a tokenizer that maps unknown characters to `<unk>` cannot).
   */
  lossless?: boolean;
}

function checkIds(tokenizer: TokenizerV1, ids: Uint32Array, text: string): void {
  requireThat(ids instanceof Uint32Array, 'encode() must return a Uint32Array', { text: text.slice(0, 40) });
  for (const id of ids) requireThat(id < tokenizer.vocabularySize, 'every id must be below vocabularySize', { id, vocabularySize: tokenizer.vocabularySize, text: text.slice(0, 40) });
}

/**
 * The checks every `Tokenizer` must pass. `createTokenizer` is called once per check.
 *
 * @example
 * ```ts
 * import { runConformanceChecks, tokenizerChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(tokenizerChecks(() => loadMyTokenizer(), { lossless: true }));
 * ```
 */
export function tokenizerChecks(createTokenizer: () => TokenizerV1 | Promise<TokenizerV1>, options: TokenizerCheckOptions = {}): ConformanceCheck[] {
  const codes = options.languages ?? Object.keys(languageSamples);
  return [
    {
      name: 'declares specificationVersion "v1", a name and a vocabulary size',
      async run() {
        const tokenizer = await createTokenizer();
        requireThat(tokenizer.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: tokenizer.specificationVersion });
        requireThat(typeof tokenizer.name === 'string' && tokenizer.name.length > 0, 'name must be a non-empty string');
        requireThat(Number.isSafeInteger(tokenizer.vocabularySize) && tokenizer.vocabularySize > 0, 'vocabularySize must be a positive integer', { got: tokenizer.vocabularySize });
        for (const [role, id] of Object.entries(tokenizer.specialIds ?? {})) {
          requireThat(id === undefined || (Number.isInteger(id) && id >= 0 && id < tokenizer.vocabularySize), 'special ids must be valid ids', { role, id });
        }
      },
    },
    {
      name: 'round-trips decode(encode(text)) for text in every registry language',
      async run() {
        const tokenizer = await createTokenizer();
        for (const code of codes) {
          const text = languageSamples[code];
          requireThat(text !== undefined, 'no conformance sample for this language', { language: code });
          const ids = tokenizer.encode(text);
          checkIds(tokenizer, ids, text);
          requireThat(ids.length > 0, 'non-empty text must give at least one id', { language: code });
          const decoded = tokenizer.decode(ids);
          requireThat(decoded === text, 'decode(encode(text)) must equal text', { language: code, expected: text, got: decoded });
        }
      },
    },
    {
      name: 'encodes empty input to no ids and decodes no ids to ""',
      async run() {
        const tokenizer = await createTokenizer();
        const ids = tokenizer.encode('');
        requireThat(ids instanceof Uint32Array && ids.length === 0, 'encode("") must return an empty Uint32Array', { got: Array.from(ids ?? []) });
        requireThat(tokenizer.decode(new Uint32Array(0)) === '', 'decode([]) must return ""');
      },
    },
    {
      name: 'handles astral-plane characters, lone surrogates and control characters without throwing',
      async run() {
        const tokenizer = await createTokenizer();
        for (const [name, text] of Object.entries(trickyTexts)) {
          let ids: Uint32Array;
          try {
            ids = tokenizer.encode(text);
          } catch (error) {
            requireThat(false, 'encode() must not throw on unusual text', { case: name, error: String(error) });
          }
          checkIds(tokenizer, ids, text);
          const decoded = tokenizer.decode(ids);
          requireThat(typeof decoded === 'string', 'decode() must return a string', { case: name });
          if (options.lossless && name === 'astralPlane') requireThat(decoded === text, 'a lossless tokenizer must round-trip astral-plane text', { expected: text, got: decoded });
        }
      },
    },
    {
      name: 'is deterministic, and encodeBatch (if present) matches encode',
      async run() {
        const tokenizer = await createTokenizer();
        const texts = codes.map((code) => languageSamples[code]!).slice(0, 8);
        const first = texts.map((text) => Array.from(tokenizer.encode(text)));
        const second = texts.map((text) => Array.from(tokenizer.encode(text)));
        requireThat(JSON.stringify(first) === JSON.stringify(second), 'encode() must give the same ids for the same text');
        if (tokenizer.encodeBatch) {
          const batch = (await tokenizer.encodeBatch(texts)).map((ids) => Array.from(ids));
          requireThat(JSON.stringify(batch) === JSON.stringify(first), 'encodeBatch() must equal encode() text by text');
        }
      },
    },
    {
      name: 'maps ids and pieces both ways (if idToPiece/pieceToId are present)',
      async run() {
        const tokenizer = await createTokenizer();
        if (!tokenizer.idToPiece || !tokenizer.pieceToId) return;
        for (const code of codes.slice(0, 8)) {
          for (const id of tokenizer.encode(languageSamples[code]!)) {
            const piece = tokenizer.idToPiece(id);
            requireThat(typeof piece === 'string', 'idToPiece() must return a string', { id });
            requireThat(tokenizer.pieceToId(piece) === id, 'pieceToId(idToPiece(id)) must equal id', { id, piece, got: tokenizer.pieceToId(piece) });
          }
        }
      },
    },
  ];
}
