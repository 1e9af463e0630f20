/** UTF-8 helpers that behave exactly as sentencepiece's util.cc, so byte offsets agree. */

/** Length of the UTF-8 character starting with `byte`, from its lead byte only (spm's OneCharLen). */
export function oneCharLength(byte: number): number {
  return byte < 0xc0 ? 1 : byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : 4;
}

function isTrail(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

function isValidCodepoint(codepoint: number): boolean {
  return codepoint < 0xd800 || (codepoint >= 0xe000 && codepoint <= 0x10ffff);
}

/**
 * Length of the valid UTF-8 character at `bytes[start]` (within `end`), or 0 if it is malformed
 * (spm's IsValidDecodeUTF8; a literal U+FFFD is valid).
 */
export function validCharLength(bytes: Uint8Array, start: number, end: number): number {
  const lead = bytes[start]!;
  const available = end - start;
  if (lead < 0x80) return 1;
  if (available >= 2 && (lead & 0xe0) === 0xc0) {
    const codepoint = ((lead & 0x1f) << 6) | (bytes[start + 1]! & 0x3f);
    return isTrail(bytes[start + 1]) && codepoint >= 0x80 ? 2 : 0;
  }
  if (available >= 3 && (lead & 0xf0) === 0xe0) {
    const codepoint = ((lead & 0x0f) << 12) | ((bytes[start + 1]! & 0x3f) << 6) | (bytes[start + 2]! & 0x3f);
    return isTrail(bytes[start + 1]) && isTrail(bytes[start + 2]) && codepoint >= 0x800 && isValidCodepoint(codepoint) ? 3 : 0;
  }
  if (available >= 4 && (lead & 0xf8) === 0xf0) {
    const codepoint = ((lead & 0x07) << 18) | ((bytes[start + 1]! & 0x3f) << 12) | ((bytes[start + 2]! & 0x3f) << 6) | (bytes[start + 3]! & 0x3f);
    return isTrail(bytes[start + 1]) && isTrail(bytes[start + 2]) && isTrail(bytes[start + 3]) && codepoint >= 0x10000 && isValidCodepoint(codepoint) ? 4 : 0;
  }
  return 0;
}

export const utf8Encoder = new TextEncoder();
export const utf8Decoder = new TextDecoder();
