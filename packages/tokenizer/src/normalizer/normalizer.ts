import type { NormalizerSpec } from '../model/model-proto.js';
import { normalizerSpecDefaults } from '../model/model-proto.js';
import type { ByteTrie } from './byte-trie.js';
import { PrecompiledCharsmap } from './precompiled-charsmap.js';
import { validCharLength } from './utf8.js';

const space = 0x20;
const spaceSymbol = Uint8Array.of(0xe2, 0x96, 0x81); // U+2581 LOWER ONE EIGHTH BLOCK
const replacementCharacter = Uint8Array.of(0xef, 0xbf, 0xbd);

/** What {@link Normalizer.tables} returns: everything normalizeRange decides with. */
export interface NormalizerTables {
  /** The precompiled charsmap's double-array units (empty without rules). */
  charsmapUnits: Uint32Array;
  /** The charsmap's NUL-terminated replacement strings. */
  replacements: Uint8Array;
  /** Per lead byte, the fast path it takes (see the class). */
  plainLead: Uint8Array;
  /** `[byte * 256 + next]` is 1 if a rule starts with the ASCII byte and next. */
  asciiFollowers: Uint8Array;
  /** Per code point below U+10000, 1 if no rule starts with it (undefined: no such table). */
  plainCharacters: Uint8Array | undefined;
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  escapeWhitespaces: boolean;
  treatWhitespaceAsSuffix: boolean;
  /** Whether user-defined symbols pass through untouched (their bytes take the general path). */
  hasUserDefinedSymbols: boolean;
}

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
  /**
   * Per lead byte: 1 = an ASCII character no rule or user-defined symbol starts with (copied as
   * it is), 2 = the same for a multi-byte lead (copied if the character is valid UTF-8), 3 = such
   * a space (escaped, or dropped after another), 4 = an ASCII character that only rules for two or
   * more bytes start with (`a` + combining mark → `ä`): copied unless {@link asciiFollowers} says
   * the next byte may continue such a rule, 0 = the general path. Most text is made of such characters, and this skips the rule lookups for them.
   */
  private readonly plainLead = new Uint8Array(256);
  /** For plainLead 4: `asciiFollowers[byte * 256 + next]` is 1 if a rule starts with byte, next. */
  private readonly asciiFollowers = new Uint8Array(128 * 256);
  /**
   * Per code point below U+10000 (two- and three-byte characters): 1 if no rule starts with the
   * character, so it is copied without a rule lookup (built when the model has rules and no
   * user-defined symbols). Scripts whose lead bytes some rule starts with — most of them — would
   * otherwise take a charsmap lookup per character.
   */
  private readonly plainCharacters: Uint8Array | undefined;

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
    const charsmap = this.charsmap;
    for (let byte = 1; byte < 0xf5; byte++) {
      if ((byte >= 0x80 && byte < 0xc2) || (userDefinedSymbols && userDefinedSymbols.step(0, byte) >= 0)) continue;
      if (charsmap?.hasRuleStartingWith(byte)) {
        if (byte >= 0x80 || byte === space || charsmap.matchLength(Uint8Array.of(byte), 0, 1) > 0) continue;
        this.plainLead[byte] = 4;
        for (let next = 0; next < 256; next++) if (charsmap.hasRuleStartingWith(byte, next)) this.asciiFollowers[byte * 256 + next] = 1;
        continue;
      }
      this.plainLead[byte] = byte === space ? 3 : byte < 0x80 ? 1 : 2;
    }
    if (charsmap && !userDefinedSymbols) {
      const plainCharacters = new Uint8Array(0x10000);
      const bytes = new Uint8Array(3);
      for (let codePoint = 0x80; codePoint < 0x10000; codePoint++) {
        if (codePoint >= 0xd800 && codePoint < 0xe000) continue;
        let length: number;
        if (codePoint < 0x800) {
          bytes[0] = 0xc0 | (codePoint >> 6);
          bytes[1] = 0x80 | (codePoint & 0x3f);
          length = 2;
        } else {
          bytes[0] = 0xe0 | (codePoint >> 12);
          bytes[1] = 0x80 | ((codePoint >> 6) & 0x3f);
          bytes[2] = 0x80 | (codePoint & 0x3f);
          length = 3;
        }
        if (!charsmap.isRulePrefix(bytes, length)) plainCharacters[codePoint] = 1;
      }
      this.plainCharacters = plainCharacters;
    }
  }

  /** Normalises UTF-8 `input`; the result is a fresh copy. */
  normalize(input: Uint8Array): Uint8Array {
    return this.normalizeInPlace(input).slice();
  }

  /**
   * Normalises UTF-8 `input` into a buffer the normaliser reuses: the result is valid until the
   * next call (for encoders that consume it at once).
   */
  normalizeInPlace(input: Uint8Array): Uint8Array {
    // The length first: normalizeRange may replace the buffer as it grows.
    const length = this.normalizeRange(input, 0, input.length);
    return this.output.subarray(0, length);
  }

  /**
   * Normalises `input[start, end)` into {@link outputBuffer} and returns the normalised length
   * (the allocation-free form, for encoders that consume the result at once).
   */
  normalizeRange(input: Uint8Array, start: number, end: number): number {
    this.length = 0;
    let position = start;
    if (end <= start) return 0;
    if (this.removeExtraWhitespaces) {
      while (position < end) {
        this.normalizePrefix(input, position, end);
        if (!(this.prefixEnd - this.prefixStart === 1 && this.prefixSource[this.prefixStart] === space)) break;
        position += this.prefixConsumed;
      }
    }
    if (position >= end) return 0;
    if (!this.treatWhitespaceAsSuffix && this.addDummyPrefix) this.addWhitespace();

    let previousIsSpace = this.removeExtraWhitespaces;
    const plainLead = this.plainLead;
    // Room for the plain characters below (one byte each) and escaped spaces (three); the
    // general path reserves for itself.
    this.reserve((end - position) * 3 + 3);
    let output = this.output;
    while (position < end) {
      const byte = input[position]!;
      const plain = plainLead[byte]!;
      if (plain === 1 || (plain === 4 && (position + 1 === end || this.asciiFollowers[byte * 256 + input[position + 1]!] === 0))) {
        output[this.length++] = byte;
        previousIsSpace = false;
        position++;
        continue;
      }
      if (plain === 3) {
        if (!previousIsSpace) {
          if (this.escapeWhitespaces) {
            output[this.length++] = 0xe2;
            output[this.length++] = 0x96;
            output[this.length++] = 0x81;
          } else output[this.length++] = space;
          previousIsSpace = this.removeExtraWhitespaces;
        }
        position++;
        continue;
      }
      // A two- or three-byte character that no rule starts with, by its code point.
      if (plain === 0 && byte >= 0xc2 && byte < 0xf0 && this.plainCharacters) {
        const length = validCharLength(input, position, end);
        if (length > 0) {
          const codePoint = length === 2 ? ((byte & 0x1f) << 6) | (input[position + 1]! & 0x3f) : ((byte & 0x0f) << 12) | ((input[position + 1]! & 0x3f) << 6) | (input[position + 2]! & 0x3f);
          if (this.plainCharacters[codePoint] === 1) {
            for (let index = 0; index < length; index++) output[this.length++] = input[position + index]!;
            previousIsSpace = false;
            position += length;
            continue;
          }
        }
      }
      // A character that no rule changes (most letters that some rule starts with, as in `a` +
      // combining mark → `ä`) is copied as well, after one rule lookup.
      if (plain === 2 || (plain === 0 && byte !== space && !this.userDefinedSymbols && (!this.charsmap || this.charsmap.matchLength(input, position, end) === 0))) {
        const length = validCharLength(input, position, end);
        if (length > 0) {
          for (let index = 0; index < length; index++) output[this.length++] = input[position + index]!;
          previousIsSpace = false;
          position += length;
          continue;
        }
      }
      this.normalizePrefix(input, position, end);
      const source = this.prefixSource;
      let start = this.prefixStart;
      const stop = this.prefixEnd;
      if (previousIsSpace) while (start < stop && source[start] === space) start++;
      if (start < stop) {
        // Keep room for three bytes per input byte still to come (the plain path relies on it).
        this.reserve((stop - start) * 3 + (end - position) * 3 + 3);
        output = this.output;
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
    return this.length;
  }

  /**
   * The rules and fast-path tables, for a copy of this normaliser that runs elsewhere (the
   * WebAssembly Unigram kernel, src/encoder/unigram-kernel.ts): read-only views, not copies.
   */
  get tables(): NormalizerTables {
    return {
      charsmapUnits: this.charsmap?.doubleArrayUnits ?? new Uint32Array(0),
      replacements: this.charsmap?.replacementBytes ?? new Uint8Array(0),
      plainLead: this.plainLead,
      asciiFollowers: this.asciiFollowers,
      plainCharacters: this.plainCharacters,
      addDummyPrefix: this.addDummyPrefix,
      removeExtraWhitespaces: this.removeExtraWhitespaces,
      escapeWhitespaces: this.escapeWhitespaces,
      treatWhitespaceAsSuffix: this.treatWhitespaceAsSuffix,
      hasUserDefinedSymbols: this.userDefinedSymbols !== undefined,
    };
  }

  /** The buffer {@link normalizeRange} writes to (replaced when it grows; read it after the call). */
  get outputBuffer(): Uint8Array {
    return this.output;
  }

  private normalizePrefix(input: Uint8Array, start: number, end: number): void {
    if (this.userDefinedSymbols) {
      const matched = this.userDefinedSymbols.longestPrefix(input, start, end);
      if (matched > 0) return this.setPrefix(input, start, start + matched, matched);
    }
    if (this.charsmap) {
      const length = this.charsmap.matchLength(input, start, end);
      if (length > 0) return this.setPrefix(this.charsmap.replacementBytes, this.charsmap.matchedReplacementStart, this.charsmap.matchedReplacementEnd, length);
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
