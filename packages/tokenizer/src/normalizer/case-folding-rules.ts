import { buildNfkcMap, buildNmtNfkcMap, isUnicodeCharacter, removeRedundantRules, type CharactersMap } from './normalization-rules.js';

// Cherokee is the one script whose case folding goes to capitals: its small letters came in
// Unicode 8.0, after folding (which never changes) had mapped the capitals to themselves.
function isCherokee(codepoint: number): boolean {
  return (codepoint >= 0x13a0 && codepoint <= 0x13ff) || (codepoint >= 0xab70 && codepoint <= 0xabbf);
}

function singleCodepoint(text: string): number | undefined {
  const codepoint = text.codePointAt(0);
  return codepoint !== undefined && text.length === (codepoint > 0xffff ? 2 : 1) ? codepoint : undefined;
}

/**
 * Unicode simple case folding of one code point (CaseFolding.txt's C and S mappings, ICU's
 * `u_foldCase(c, U_FOLD_CASE_DEFAULT)`), from the engine's own Unicode data: a case-insensitive
 * `u` regular expression compares characters by exactly this folding (ECMAScript's
 * Canonicalize), so the fold is the candidate case mapping that the regular expression holds
 * equal — lower(upper(c)) ('ſ' → 's', 'ς' → 'σ', 'K' → 'k'), else lower(c), else c itself
 * ('İ' and 'ß' have only full foldings, so they stay).
 *
 * @example
 * ```ts
 * simpleCaseFold(0x1e9e); // 0xdf: ẞ → ß
 * ```
 */
export function simpleCaseFold(codepoint: number): number {
  const character = String.fromCodePoint(codepoint);
  const lower = character.toLowerCase();
  const upper = character.toUpperCase();
  if (lower === character && upper === character) return codepoint;
  const candidates = isCherokee(codepoint) ? [upper] : [upper.toLowerCase(), lower];
  for (const candidate of candidates) {
    const folded = singleCodepoint(candidate);
    if (folded === undefined) continue;
    if (folded === codepoint) return codepoint;
    if (new RegExp(`^\\u{${codepoint.toString(16)}}$`, 'iu').test(candidate)) return folded;
  }
  return codepoint;
}

/**
 * builder.cc's MergeUnicodeCaseFoldMap: every rule's replacement is case folded character by
 * character, and every other character whose simple case folding differs gets a rule of its own.
 * Blocks of characters without case (lower and upper case leave them unchanged, checked on the
 * block at once, joined by U+0000 which has no case) are skipped.
 */
export function mergeCaseFoldRules(map: CharactersMap): CharactersMap {
  const merged: CharactersMap = new Map();
  for (const [source, target] of map) {
    let folded = '';
    for (const character of target) folded += String.fromCodePoint(simpleCaseFold(character.codePointAt(0)!));
    merged.set(source, folded);
  }
  const blockSize = 4096;
  for (let blockStart = 1; blockStart <= 0x10ffff; blockStart += blockSize) {
    const codepoints: number[] = [];
    for (let codepoint = blockStart; codepoint < blockStart + blockSize && codepoint <= 0x10ffff; codepoint++) if (isUnicodeCharacter(codepoint)) codepoints.push(codepoint);
    const joined = String.fromCodePoint(...codepoints.flatMap((codepoint) => [codepoint, 0]));
    if (joined.toLowerCase() === joined && joined.toUpperCase() === joined) continue;
    for (const codepoint of codepoints) {
      const character = String.fromCodePoint(codepoint);
      if (merged.has(character)) continue;
      const folded = simpleCaseFold(codepoint);
      if (folded !== codepoint) merged.set(character, String.fromCodePoint(folded));
    }
  }
  return removeRedundantRules(merged);
}

/** BuildNFKC_CFMap: NFKC with Unicode case folding. */
export function buildNfkcCaseFoldMap(): CharactersMap {
  return mergeCaseFoldRules(buildNfkcMap());
}

/** BuildNmtNFKC_CFMap: spm's NMT NFKC with Unicode case folding. */
export function buildNmtNfkcCaseFoldMap(): CharactersMap {
  return mergeCaseFoldRules(buildNmtNfkcMap());
}
