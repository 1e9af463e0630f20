// SentencePiece's normaliser in the kernel: src/normalizer/normalizer.ts's normalizeRange, branch
// for branch, over copies of its tables (the host copies them into this module's memory once per
// model, see src/encoder/unigram-kernel.ts). Encoding a line then crosses from JavaScript into the
// module once: raw UTF-8 in, ids out (unigram-line.ts).

// The pieces' trie (8-byte nodes) and per-node ids of unigram-viterbi.ts: user-defined symbols are found there.
import { payloads, units } from './unigram-viterbi';

const space: u32 = 0x20;

/** The charsmap's darts-clone units (uint32) and their count; 0 units means no rules. */
let charsmapUnits: usize = 0;
let charsmapUnitCount: u32 = 0;
/** The charsmap's NUL-terminated replacement strings and their total length. */
let replacements: usize = 0;
let replacementsLength: u32 = 0;
/** Normalizer's plainLead (256 bytes), asciiFollowers (128 · 256 bytes), plainCharacters (65,536 bytes, or 0). */
let plainLead: usize = 0;
let asciiFollowers: usize = 0;
let plainCharacters: usize = 0;
/** Per id: bit 0 unknown piece, bit 1 user-defined piece (the normaliser keeps those as they are). */
let idFlags: usize = 0;
let hasUserDefinedSymbols = false;
let addDummyPrefix = false;
let removeExtraWhitespaces = false;
let escapeWhitespaces = false;
let treatWhitespaceAsSuffix = false;

/** U+FFFD, which a malformed byte becomes. */
const replacementCharacter = memory.data<u8>([0xef, 0xbf, 0xbd]);

// The prefix normalizePrefix found: bytes [prefixStart, prefixEnd) (absolute addresses), consuming prefixConsumed input bytes.
let prefixStart: usize = 0;
let prefixEnd: usize = 0;
let prefixConsumed: i32 = 0;
/** Set when a charsmap rule points past the string table: the host redoes the line in JavaScript, which reports it. */
let brokenCharsmap = false;

/** Sets the normaliser's tables and options (`flags`: 1 add dummy prefix, 2 remove extra whitespaces, 4 escape whitespaces, 8 whitespace as suffix, 16 user-defined symbols). */
export function setNormalizer(
  charsmap: usize, unitCount: u32, strings: usize, stringsLength: u32,
  lead: usize, followers: usize, characters: usize, flagsOfIds: usize, flags: i32,
): void {
  charsmapUnits = charsmap;
  charsmapUnitCount = unitCount;
  replacements = strings;
  replacementsLength = stringsLength;
  plainLead = lead;
  asciiFollowers = followers;
  plainCharacters = characters;
  idFlags = flagsOfIds;
  addDummyPrefix = (flags & 1) != 0;
  removeExtraWhitespaces = (flags & 2) != 0;
  escapeWhitespaces = (flags & 4) != 0;
  treatWhitespaceAsSuffix = (flags & 8) != 0;
  hasUserDefinedSymbols = (flags & 16) != 0;
}

/** utf8.ts's validCharLength (spm's IsValidDecodeUTF8): the valid character's length at `at`, or 0. */
@inline function validCharLength(at: usize, end: usize): i32 {
  const lead = <u32>load<u8>(at);
  const available = end - at;
  if (lead < 0x80) return 1;
  if (available >= 2 && (lead & 0xe0) == 0xc0) {
    const second = <u32>load<u8>(at, 1);
    const codePoint = ((lead & 0x1f) << 6) | (second & 0x3f);
    return (second & 0xc0) == 0x80 && codePoint >= 0x80 ? 2 : 0;
  }
  if (available >= 3 && (lead & 0xf0) == 0xe0) {
    const second = <u32>load<u8>(at, 1);
    const third = <u32>load<u8>(at, 2);
    const codePoint = ((lead & 0x0f) << 12) | ((second & 0x3f) << 6) | (third & 0x3f);
    return (second & 0xc0) == 0x80 && (third & 0xc0) == 0x80 && codePoint >= 0x800 && (codePoint < 0xd800 || codePoint >= 0xe000) ? 3 : 0;
  }
  if (available >= 4 && (lead & 0xf8) == 0xf0) {
    const second = <u32>load<u8>(at, 1);
    const third = <u32>load<u8>(at, 2);
    const fourth = <u32>load<u8>(at, 3);
    const codePoint = ((lead & 0x07) << 18) | ((second & 0x3f) << 12) | ((third & 0x3f) << 6) | (fourth & 0x3f);
    return (second & 0xc0) == 0x80 && (third & 0xc0) == 0x80 && (fourth & 0xc0) == 0x80 && codePoint >= 0x10000 && codePoint <= 0x10ffff ? 4 : 0;
  }
  return 0;
}

@inline function offsetOf(unit: u32): u32 {
  return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
}

/**
 * precompiled-charsmap.ts's matchLength: the longest rule matching a prefix of [at, end) (0 if
 * none); its replacement goes to prefixStart/prefixEnd.
 */
function charsmapMatch(at: usize, end: usize): i32 {
  const count = charsmapUnitCount;
  if (count == 0) return 0;
  const units = charsmapUnits;
  let length: i32 = 0;
  let value: u32 = 0;
  let nodePosition = offsetOf(load<u32>(units));
  for (let position = at; position < end; position++) {
    const byte = <u32>load<u8>(position);
    nodePosition ^= byte;
    if (nodePosition >= count) break;
    const unit = load<u32>(units + (<usize>nodePosition << 2));
    // label(): the low byte plus the leaf flag (bit 31), so leaf units never match a byte.
    if ((unit & 0x800000ff) != byte) break;
    nodePosition ^= offsetOf(unit);
    if (((unit >>> 8) & 1) != 0) {
      if (nodePosition >= count) break;
      length = <i32>(position - at) + 1;
      value = load<u32>(units + (<usize>nodePosition << 2)) & 0x7fffffff;
    }
  }
  if (length == 0) return 0;
  if (value >= replacementsLength) {
    brokenCharsmap = true;
    return 0;
  }
  let stop = value;
  while (stop < replacementsLength && load<u8>(replacements + <usize>stop) != 0) stop++;
  prefixStart = replacements + <usize>value;
  prefixEnd = replacements + <usize>stop;
  return length;
}

/** The longest user-defined symbol at [at, end), walking the pieces' trie (byte-trie.ts's longestPrefix). */
function userDefinedMatch(at: usize, end: usize): i32 {
  let longest: i32 = 0;
  let node: i32 = 0;
  let word = load<i32>(units);
  for (let position = at; position < end; position++) {
    const next = (word & 0x7fffffff) + <i32>load<u8>(position);
    const address = units + (<usize>next << 3);
    if (load<i32>(address, 4) != node) break;
    word = load<i32>(address);
    node = next;
    if (word < 0 && (load<u8>(idFlags + <usize>load<i32>(payloads + (<usize>next << 3))) & 2) != 0) longest = <i32>(position - at) + 1;
  }
  return longest;
}

/** normalizer.ts's normalizePrefix: what the text at [at, end) becomes, and how many bytes that consumes. */
function normalizePrefix(at: usize, end: usize): void {
  if (hasUserDefinedSymbols) {
    const matched = userDefinedMatch(at, end);
    if (matched > 0) {
      prefixStart = at;
      prefixEnd = at + <usize>matched;
      prefixConsumed = matched;
      return;
    }
  }
  const length = charsmapMatch(at, end);
  if (length > 0) {
    prefixConsumed = length;
    return;
  }
  const characterLength = validCharLength(at, end);
  if (characterLength == 0) {
    // A malformed byte becomes U+FFFD and consumes one byte, as spm does.
    prefixStart = replacementCharacter;
    prefixEnd = replacementCharacter + 3;
    prefixConsumed = 1;
  } else {
    prefixStart = at;
    prefixEnd = at + <usize>characterLength;
    prefixConsumed = characterLength;
  }
}

@inline function appendWhitespace(output: usize, length: i32): i32 {
  if (escapeWhitespaces) {
    store<u8>(output + <usize>length, 0xe2);
    store<u8>(output + <usize>length, 0x96, 1);
    store<u8>(output + <usize>length, 0x81, 2);
    return length + 3;
  }
  store<u8>(output + <usize>length, <u8>space);
  return length + 1;
}

/**
 * Normalises the `size` bytes at `input` into `output` (room for `capacity` bytes); returns the
 * normalised length, -1 when `capacity` is too small (the host grows it and calls again), or -2
 * when the charsmap is broken (the host lets the JavaScript normaliser report it).
 */
export function normalize(input: usize, size: i32, output: usize, capacity: i32): i32 {
  brokenCharsmap = false;
  let length: i32 = 0;
  let position = input;
  const end = input + <usize>size;
  if (size <= 0) return 0;
  // Room for three bytes per input byte, the most the plain paths write (and the dummy prefix).
  if (<i64>size * 3 + 6 > <i64>capacity) return -1;
  if (removeExtraWhitespaces) {
    while (position < end) {
      normalizePrefix(position, end);
      if (brokenCharsmap) return -2;
      if (!(prefixEnd - prefixStart == 1 && load<u8>(prefixStart) == space)) break;
      position += <usize>prefixConsumed;
    }
  }
  if (position >= end) return 0;
  if (!treatWhitespaceAsSuffix && addDummyPrefix) length = appendWhitespace(output, length);
  let previousIsSpace = removeExtraWhitespaces;
  const lead = plainLead;
  while (position < end) {
    const byte = <u32>load<u8>(position);
    const plain = <u32>load<u8>(lead + <usize>byte);
    if (plain == 1 || (plain == 4 && (position + 1 == end || load<u8>(asciiFollowers + (<usize>byte << 8) + <usize>load<u8>(position, 1)) == 0))) {
      store<u8>(output + <usize>length, <u8>byte);
      length++;
      previousIsSpace = false;
      position++;
      continue;
    }
    if (plain == 3) {
      if (!previousIsSpace) {
        length = appendWhitespace(output, length);
        previousIsSpace = removeExtraWhitespaces;
      }
      position++;
      continue;
    }
    // A two- or three-byte character that no rule starts with, by its code point.
    if (plain == 0 && byte >= 0xc2 && byte < 0xf0 && plainCharacters != 0) {
      const characterLength = validCharLength(position, end);
      if (characterLength > 0) {
        const codePoint = characterLength == 2
          ? ((byte & 0x1f) << 6) | (<u32>load<u8>(position, 1) & 0x3f)
          : ((byte & 0x0f) << 12) | ((<u32>load<u8>(position, 1) & 0x3f) << 6) | (<u32>load<u8>(position, 2) & 0x3f);
        if (load<u8>(plainCharacters + <usize>codePoint) == 1) {
          store<u8>(output + <usize>length, <u8>byte);
          store<u8>(output + <usize>length, load<u8>(position, 1), 1);
          if (characterLength == 3) store<u8>(output + <usize>length, load<u8>(position, 2), 2);
          length += characterLength;
          previousIsSpace = false;
          position += <usize>characterLength;
          continue;
        }
      }
    }
    // A character that no rule changes is copied as well, after one rule lookup (kept for
    // normalizePrefix below when it finds one).
    let matched: i32 = -1;
    if (plain == 2 || (plain == 0 && byte != space && !hasUserDefinedSymbols && (charsmapUnitCount == 0 || (matched = charsmapMatch(position, end)) == 0))) {
      if (brokenCharsmap) return -2;
      const characterLength = validCharLength(position, end);
      if (characterLength > 0) {
        for (let index: i32 = 0; index < characterLength; index++) store<u8>(output + <usize>(length + index), load<u8>(position + <usize>index));
        length += characterLength;
        previousIsSpace = false;
        position += <usize>characterLength;
        continue;
      }
    }
    if (matched > 0) prefixConsumed = matched;
    else normalizePrefix(position, end);
    if (brokenCharsmap) return -2;
    let from = prefixStart;
    const stop = prefixEnd;
    if (previousIsSpace) while (from < stop && load<u8>(from) == space) from++;
    if (from < stop) {
      // Keep room for three bytes per input byte still to come (the plain paths rely on it).
      if (<i64>length + <i64>(stop - from) * 3 + <i64>(end - position) * 3 + 6 > <i64>capacity) return -1;
      for (let at = from; at < stop; at++) {
        const byte = <u32>load<u8>(at);
        if (escapeWhitespaces && byte == space) length = appendWhitespace(output, length);
        else {
          store<u8>(output + <usize>length, <u8>byte);
          length++;
        }
      }
      previousIsSpace = load<u8>(stop - 1) == space;
    }
    position += <usize>prefixConsumed;
    if (!removeExtraWhitespaces) previousIsSpace = false;
  }
  if (removeExtraWhitespaces) {
    if (escapeWhitespaces) {
      while (length >= 3 && load<u8>(output + <usize>(length - 3)) == 0xe2 && load<u8>(output + <usize>(length - 2)) == 0x96 && load<u8>(output + <usize>(length - 1)) == 0x81) length -= 3;
    } else {
      while (length >= 1 && load<u8>(output + <usize>(length - 1)) == space) length -= 1;
    }
  }
  if (treatWhitespaceAsSuffix && addDummyPrefix) length = appendWhitespace(output, length);
  return length;
}

/** Whether `id` is the unknown piece or spelled as one (flag table above). */
@inline export function isUnknownId(id: i32): bool {
  return (load<u8>(idFlags + <usize>id) & 1) != 0;
}
