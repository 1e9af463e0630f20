import type { NormalizerSpec } from '../model/model-proto.js';
import { normalizerSpecDefaults } from '../model/model-proto.js';
import type { ByteTrie } from './byte-trie.js';
import { PrecompiledCharsmap } from './precompiled-charsmap.js';
import { validCharLength } from './utf8.js';

const space = 0x20;
const spaceSymbol = Uint8Array.of(0xe2, 0x96, 0x81); // U+2581 LOWER ONE EIGHTH BLOCK
const replacementCharacter = Uint8Array.of(0xef, 0xbf, 0xbd);

/**
 * SentencePiece's normaliser (normalizer.cc), byte for byte: the precompiled charsmap's longest
 * rule at each position, user-defined symbols passed through untouched, leading/trailing/repeated
 * whitespace removed, a dummy-prefix space, and spaces escaped as U+2581.
 *
 * @example
 * ```ts
 * const normalizer = new Normalizer(model.normalizerSpec ?? {});
 * normalizer.normalize(new TextEncoder().encode('  Hello  world ')); // bytes of "▁Hello▁world"
 * ```
 */
export class Normalizer {
  private readonly charsmap: PrecompiledCharsmap | undefined;
  private readonly addDummyPrefix: boolean;
  private readonly removeExtraWhitespaces: boolean;
  private readonly escapeWhitespaces: boolean;
  private output = new Uint8Array(256);
  private length = 0;
  // The current prefix: bytes[prefixStart, prefixEnd) of prefixSource, consuming prefixConsumed input bytes.
  private prefixSource: Uint8Array = replacementCharacter;
  private prefixStart = 0;
  private prefixEnd = 0;
  private prefixConsumed = 0;

  constructor(
    spec: NormalizerSpec,
    private readonly treatWhitespaceAsSuffix = false,
    private readonly userDefinedSymbols?: ByteTrie,
    file = '<model>',
  ) {
    const blob = spec.precompiledCharsmap;
    this.charsmap = blob && blob.length > 0 ? new PrecompiledCharsmap(blob, file) : undefined;
    this.addDummyPrefix = spec.addDummyPrefix ?? normalizerSpecDefaults.addDummyPrefix;
    this.removeExtraWhitespaces = spec.removeExtraWhitespaces ?? normalizerSpecDefaults.removeExtraWhitespaces;
    this.escapeWhitespaces = spec.escapeWhitespaces ?? normalizerSpecDefaults.escapeWhitespaces;
  }

  /** Normalises UTF-8 `input`; the result is a fresh copy. */
  normalize(input: Uint8Array): Uint8Array {
    this.length = 0;
    const end = input.length;
    let position = 0;
    if (end === 0) return new Uint8Array(0);
    if (this.removeExtraWhitespaces) {
      while (position < end) {
        this.normalizePrefix(input, position, end);
        if (!(this.prefixEnd - this.prefixStart === 1 && this.prefixSource[this.prefixStart] === space)) break;
        position += this.prefixConsumed;
      }
    }
    if (position >= end) return new Uint8Array(0);
    if (!this.treatWhitespaceAsSuffix && this.addDummyPrefix) this.addWhitespace();

    let previousIsSpace = this.removeExtraWhitespaces;
    while (position < end) {
      this.normalizePrefix(input, position, end);
      const source = this.prefixSource;
      let start = this.prefixStart;
      const stop = this.prefixEnd;
      if (previousIsSpace) while (start < stop && source[start] === space) start++;
      if (start < stop) {
        this.reserve((stop - start) * 3);
        for (let index = start; index < stop; index++) {
          const byte = source[index]!;
          if (this.escapeWhitespaces && byte === space) this.appendSpaceSymbol();
          else this.output[this.length++] = byte;
        }
        previousIsSpace = source[stop - 1] === space;
      }
      position += this.prefixConsumed;
      if (!this.removeExtraWhitespaces) previousIsSpace = false;
    }

    if (this.removeExtraWhitespaces) {
      if (this.escapeWhitespaces) {
        while (this.length >= 3 && this.output[this.length - 3] === 0xe2 && this.output[this.length - 2] === 0x96 && this.output[this.length - 1] === 0x81) this.length -= 3;
      } else {
        while (this.length >= 1 && this.output[this.length - 1] === space) this.length -= 1;
      }
    }
    if (this.treatWhitespaceAsSuffix && this.addDummyPrefix) this.addWhitespace();
    return this.output.slice(0, this.length);
  }

  private normalizePrefix(input: Uint8Array, start: number, end: number): void {
    if (this.userDefinedSymbols) {
      const matched = this.userDefinedSymbols.longestPrefix(input, start, end);
      if (matched > 0) return this.setPrefix(input, start, start + matched, matched);
    }
    if (this.charsmap) {
      const match = this.charsmap.longestMatch(input, start, end);
      if (match.length > 0) return this.setPrefix(this.charsmap.replacementBytes, match.replacementStart, match.replacementEnd, match.length);
    }
    const length = validCharLength(input, start, end);
    // A malformed byte becomes U+FFFD and consumes one byte, as spm does.
    if (length === 0) this.setPrefix(replacementCharacter, 0, 3, 1);
    else this.setPrefix(input, start, start + length, length);
  }

  private setPrefix(source: Uint8Array, start: number, end: number, consumed: number): void {
    this.prefixSource = source;
    this.prefixStart = start;
    this.prefixEnd = end;
    this.prefixConsumed = consumed;
  }

  private addWhitespace(): void {
    this.reserve(3);
    if (this.escapeWhitespaces) this.appendSpaceSymbol();
    else this.output[this.length++] = space;
  }

  private appendSpaceSymbol(): void {
    this.reserve(3);
    this.output.set(spaceSymbol, this.length);
    this.length += 3;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.output.length) return;
    const grown = new Uint8Array(Math.max(this.output.length * 2, this.length + extra));
    grown.set(this.output.subarray(0, this.length));
    this.output = grown;
  }
}
