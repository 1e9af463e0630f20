/**
 * SentencePiece's normalisation rules built from Unicode data, as builder.cc's BuildNFKCMap and
 * BuildNmtNFKCMap do (with the engine's ICU via String.prototype.normalize instead of spm's
 * build-time ICU): a map from source character sequences to their replacement.
 */
export type CharactersMap = Map<string, string>;

/**
 * The rule names spm_train knows (builder.cc), all of which we generate.
 *
 * @example
 * ```ts
 * import { normalizationRuleNames } from '@oellm/tokenizer';
 * normalizationRuleNames.includes('nmt_nfkc_cf'); // true
 * ```
 */
export const normalizationRuleNames = ['nmt_nfkc', 'nfkc', 'nmt_nfkc_cf', 'nfkc_cf', 'identity'] as const;
export type NormalizationRuleName = (typeof normalizationRuleNames)[number];

export function isUnicodeCharacter(codepoint: number): boolean {
  // ICU's U_IS_UNICODE_CHAR: no surrogates, no noncharacters.
  return codepoint < 0xd800 || (codepoint > 0xdfff && codepoint <= 0x10ffff && (codepoint & 0xfffe) !== 0xfffe && !(codepoint >= 0xfdd0 && codepoint <= 0xfdef));
}

/**
 * Every Unicode character (ICU's U_IS_UNICODE_CHAR) from U+0001 whose NFKD form differs from
 * it, with its NFKC and NFKD forms; a character NFKD leaves alone NFKC leaves alone too. Blocks
 * of characters are normalised at once, joined by U+0000: NUL is a starter that composes with
 * nothing and no character decomposes to it, so each part normalises exactly as the character
 * alone would, and a block NFKD leaves unchanged is skipped whole.
 */
function forEachDecomposableCharacter(visit: (codepoint: number, character: string, nfkc: string, nfkd: string) => void): void {
  const blockSize = 4096;
  const codepoints: number[] = [];
  const characters: string[] = [];
  for (let blockStart = 1; blockStart <= 0x10ffff; blockStart += blockSize) {
    codepoints.length = 0;
    characters.length = 0;
    for (let codepoint = blockStart; codepoint < blockStart + blockSize && codepoint <= 0x10ffff; codepoint++) {
      if (!isUnicodeCharacter(codepoint)) continue;
      codepoints.push(codepoint);
      characters.push(String.fromCodePoint(codepoint));
    }
    const joined = characters.join('\0');
    const decomposedBlock = joined.normalize('NFKD');
    if (decomposedBlock === joined) continue;
    const nfkd = decomposedBlock.split('\0');
    if (nfkd.length !== characters.length) throw new Error('NFKD merged characters across U+0000');
    for (let index = 0; index < characters.length; index++) {
      const character = characters[index]!;
      if (nfkd[index] !== character) visit(codepoints[index]!, character, character.normalize('NFKC'), nfkd[index]!);
    }
  }
}

/** BuildNFKCMap: NFKC of every character, plus every un-normalised spelling of decomposed sequences. */
export function buildNfkcMap(): CharactersMap {
  const map: CharactersMap = new Map();
  const decomposed = new Set<string>();
  // Fully decomposed character → the other characters whose NFKD is exactly it.
  const normalizedToOriginals = new Map<number, number[]>();
  forEachDecomposableCharacter((codepoint, character, nfkc, nfkd) => {
    if (nfkc !== character) map.set(character, nfkc);
    const first = nfkd.codePointAt(0)!;
    if (nfkd.length === (first > 0xffff ? 2 : 1)) {
      const list = normalizedToOriginals.get(first);
      if (list) list.push(codepoint);
      else normalizedToOriginals.set(first, [codepoint]);
    } else decomposed.add(nfkd);
  });
  // Each original spelling comes from exactly one NFKD form, so the order does not matter.
  for (const nfkd of decomposed) {
    const nfc = nfkd.normalize('NFC');
    if (nfc === nfkd) continue;
    for (const original of expandUnnormalized(nfkd, normalizedToOriginals)) {
      if (original !== nfc) map.set(original, nfc);
    }
  }
  return removeRedundantRules(map);
}

// ExpandUnnormalized: every string whose characters each NFKD-normalise to those of `nfkd` (a
// character of an NFKD form is its own NFKD form, so it is one of them).
function expandUnnormalized(nfkd: string, normalizedToOriginals: Map<number, number[]>): string[] {
  let results = [''];
  for (const part of nfkd) {
    const others = normalizedToOriginals.get(part.codePointAt(0)!) ?? [];
    const next: string[] = [];
    for (const prefix of results) {
      next.push(prefix + part);
      for (const original of others) next.push(prefix + String.fromCodePoint(original));
    }
    results = next;
  }
  return results;
}

/** BuildNmtNFKCMap: NFKC plus spm's NMT rules (odd spaces become a space, control characters vanish). */
export function buildNmtNfkcMap(): CharactersMap {
  const map = buildNfkcMap();
  for (const codepoint of [0x09, 0x0a, 0x0c, 0x0d, 0x1680, 0x200b, 0x200e, 0x200f, 0x2028, 0x2029, 0x2581, 0xfeff, 0xfffd, 0x200c]) map.set(String.fromCodePoint(codepoint), ' ');
  for (const codepoint of [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0b, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x7f, 0x8f, 0x9f]) {
    map.set(String.fromCodePoint(codepoint), '');
  }
  map.delete('\uff5e');
  return removeRedundantRules(map);
}

// builder.cc's Normalize: greedy longest match of rules up to `maximumLength` characters.
function applyRules(map: CharactersMap, source: string, maximumLength: number): string {
  if (maximumLength === 1) {
    // Most checks (two-character rules): each character on its own.
    let result = '';
    for (const character of source) result += map.get(character) ?? character;
    return result;
  }
  // Code-unit offsets of the characters, so candidate keys are plain slices.
  const offsets: number[] = [];
  for (let index = 0; index < source.length; index++) {
    offsets.push(index);
    const code = source.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < source.length) index++;
  }
  offsets.push(source.length);
  const characters = offsets.length - 1;
  let result = '';
  for (let index = 0; index < characters; ) {
    let matched = 0;
    for (let length = Math.min(maximumLength, characters - index); length > 0; length--) {
      const replacement = map.get(source.slice(offsets[index]!, offsets[index + length]!));
      if (replacement !== undefined) {
        result += replacement;
        matched = length;
        break;
      }
    }
    if (matched === 0) {
      result += source.slice(offsets[index]!, offsets[index + 1]!);
      index++;
    } else index += matched;
  }
  return result;
}

/** RemoveRedundantMap: drop multi-character rules that shorter rules already produce. */
export function removeRedundantRules(map: CharactersMap): CharactersMap {
  const byLength: [string, string][][] = [];
  for (const entry of map) {
    let length = 0;
    for (const _ of entry[0]) length++;
    (byLength[length] ??= []).push(entry);
  }
  const kept: CharactersMap = new Map(byLength[1] ?? []);
  // Rules of one length are checked against shorter rules only, so their order does not matter.
  for (let length = 2; length < byLength.length; length++) {
    for (const [source, target] of byLength[length] ?? []) {
      if (target !== applyRules(kept, source, length - 1)) kept.set(source, target);
    }
  }
  return kept;
}
