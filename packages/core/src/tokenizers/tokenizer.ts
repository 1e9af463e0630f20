/**
 * Ids of the special tokens; a tokenizer without one leaves it out.
 *
 * @example
 * ```ts
 * import type { SpecialTokenIds } from '@oellm/core';
 * const specialIds: SpecialTokenIds = { unknown: 0, beginOfSequence: 1, endOfSequence: 2 };
 * ```
 */
export interface SpecialTokenIds {
  unknown?: number;
  beginOfSequence?: number;
  endOfSequence?: number;
  padding?: number;
}

/**
 * Turns text into token ids and back.
 *
 * Contract (checked by `@oellm/conformance`): `decode(encode(text)) === text` for normalised
 * text (NFKC, single spaces, no leading or trailing space) in every registry language;
 * empty input gives no ids; astral-plane characters and lone surrogates never throw.
 *
 * Optional capabilities:
 * - `idToPiece` / `pieceToId`: the vocabulary as strings.
 * - `encodeBatch`: many texts at once, possibly on worker threads.
 *
 * @example
 * ```ts
 * import type { TokenizerV1 } from '@oellm/core';
 *
 * // A byte-level tokenizer: every UTF-8 byte is a token.
 * export const bytes: TokenizerV1 = {
 *   specificationVersion: 'v1',
 *   name: 'bytes',
 *   vocabularySize: 256,
 *   specialIds: {},
 *   encode: (text) => Uint32Array.from(new TextEncoder().encode(text)),
 *   decode: (ids) => new TextDecoder().decode(Uint8Array.from(ids)),
 * };
 * ```
 */
export interface TokenizerV1 {
  readonly specificationVersion: 'v1';
  readonly name: string;
  readonly vocabularySize: number;
  readonly specialIds: SpecialTokenIds;
  /** Ids of `text`, without begin/end-of-sequence tokens. */
  encode(text: string): Uint32Array;
  decode(ids: ArrayLike<number>): string;
  idToPiece?(id: number): string;
  pieceToId?(piece: string): number | undefined;
  encodeBatch?(texts: readonly string[]): Promise<Uint32Array[]>;
}

/**
 * The current version of {@link TokenizerV1}: code written against `Tokenizer` follows the newest spec; name `TokenizerV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { Tokenizer } from '@oellm/core';
 * export function describe(value: Tokenizer): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type Tokenizer = TokenizerV1;
