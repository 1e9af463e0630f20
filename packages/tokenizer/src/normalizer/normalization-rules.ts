/**
 * SentencePiece's normalisation rules built from Unicode data, as builder.cc's BuildNFKCMap and
 * BuildNmtNFKCMap do (with the engine's ICU via String.prototype.normalize instead of spm's
 * build-time ICU): a map from source character sequences to their replacement.
 */
export type CharactersMap = Map<string, string>;

function isUnicodeCharacter(codepoint: number): boolean {
  // ICU's U_IS_UNICODE_CHAR: no surrogates, no noncharacters.
  return codepoint < 0xd800 || (codepoint > 0xdfff && codepoint <= 0x10ffff && (codepoint & 0xfffe) !== 0xfffe && !(codepoint >= 0xfdd0 && codepoint <= 0xfdef));
}

/** BuildNFKCMap: NFKC of every character, plus every un-normalised spelling of decomposed sequences. */
export function buildNfkcMap(): CharactersMap {
  const map: CharactersMap = new Map();
  const decomposed = new Set<string>();
  const normalizedToOriginals = new Map<number, number[]>();
  for (let codepoint = 1; codepoint <= 0x10ffff; codepoint++) {
    if (!isUnicodeCharacter(codepoint)) continue;
    const character = String.fromCodePoint(codepoint);
    const nfkc = character.normalize('NFKC');
    if (nfkc !== character) map.set(character, nfkc);
    const nfkd = character.normalize('NFKD');
    const nfkdCodepoints = Array.from(nfkd, (part) => part.codePointAt(0)!);
    if (nfkdCodepoints.length === 1) {
      const list = normalizedToOriginals.get(nfkdCodepoints[0]!);
      if (list) list.push(codepoint);
      else normalizedToOriginals.set(nfkdCodepoints[0]!, [codepoint]);
    } else decomposed.add(nfkd);
  }
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

// ExpandUnnormalized: every string whose characters each NFKD-normalise to those of `nfkd`.
function expandUnnormalized(nfkd: string, normalizedToOriginals: Map<number, number[]>): string[] {
  let results = [''];
  for (const part of nfkd) {
    const originals = normalizedToOriginals.get(part.codePointAt(0)!);
    if (!originals) throw new Error(`no character normalises to U+${part.codePointAt(0)!.toString(16)}`);
    const next: string[] = [];
    for (const prefix of results) for (const original of originals) next.push(prefix + String.fromCodePoint(original));
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

function codepointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

// builder.cc's Normalize: greedy longest match of rules up to `maximumLength` characters.
function applyRules(map: CharactersMap, source: string, maximumLength: number): string {
  const characters = Array.from(source);
  let result = '';
  for (let index = 0; index < characters.length; ) {
    let matched = 0;
    for (let length = Math.min(maximumLength, characters.length - index); length > 0; length--) {
      const replacement = map.get(characters.slice(index, index + length).join(''));
      if (replacement !== undefined) {
        result += replacement;
        matched = length;
        break;
      }
    }
    if (matched === 0) {
      result += characters[index];
      index++;
    } else index += matched;
  }
  return result;
}

/** RemoveRedundantMap: drop multi-character rules that shorter rules already produce. */
export function removeRedundantRules(map: CharactersMap): CharactersMap {
  const kept: CharactersMap = new Map();
  let maximumLength = 0;
  for (const [source, target] of map) {
    const length = codepointLength(source);
    maximumLength = Math.max(maximumLength, length);
    if (length === 1) kept.set(source, target);
  }
  // Rules of one length are checked against shorter rules only, so their order does not matter.
  for (let length = 2; length <= maximumLength; length++) {
    for (const [source, target] of map) {
      if (codepointLength(source) === length && target !== applyRules(kept, source, length - 1)) kept.set(source, target);
    }
  }
  return kept;
}
