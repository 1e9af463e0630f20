import type { ResolvedTrainerOptions } from './trainer-options.js';
import { boundaryCharacter, isValidSentencePiece, unknownCharacter, whitespaceCharacter } from './piece-validity.js';
import type { ScoredPiece } from './bpe-merges.js';

const unknownString = String.fromCodePoint(unknownCharacter);
const boundaryString = String.fromCodePoint(boundaryCharacter);
const whitespaceString = String.fromCodePoint(whitespaceCharacter);

function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The seed vocabulary of the Unigram trainer, selected as sentencepiece's
 * MakeSeedSentencePieces does: every character (by frequency), then the substrings that occur
 * at least twice and branch to the right (no one-character extension occurs exactly as
 * often — the internal nodes of spm's enhanced suffix array), valid as
 * pieces, ranked by frequency × length, until `seedSize` pieces; scores are log-probabilities
 * of those weights.
 *
 * Instead of a suffix array over the corpus, substrings of up to `maxSentencepieceLength` + 1
 * characters are counted over the word table (each weighted by its word's count): a valid
 * piece never spans a word boundary, so the counts of the candidates are the same. Where spm
 * sees the next word's ▁ after a word, a ▁ is assumed after every word (the table does not
 * know which word ended a sentence).
 */
export function unigramSeedPieces(words: readonly [string, number][], seedSize: number, options: ResolvedTrainerOptions): ScoredPiece[] {
  const characterCounts = new Map<string, number>();
  const substringCounts = new Map<string, number>();
  const maximumLength = options.maxSentencepieceLength;
  const nextWordStart = options.splitByWhitespace && !options.treatWhitespaceAsSuffix ? whitespaceString : undefined;
  for (const [word, count] of words) {
    const characters = Array.from(word);
    for (let start = 0; start < characters.length; start++) {
      const character = characters[start]!;
      if (character === unknownString || character === boundaryString) continue;
      characterCounts.set(character, (characterCounts.get(character) ?? 0) + count);
      let key = character;
      let end = start + 1;
      for (; end < characters.length && end - start <= maximumLength; end++) {
        const next = characters[end]!;
        // No piece contains these, so no longer substring needs counting.
        if (next === unknownString || next === boundaryString) break;
        key += next;
        // One character longer than a piece may be, only to see whether its prefix branches.
        substringCounts.set(key, (substringCounts.get(key) ?? 0) + count);
      }
      // In spm's corpus array the next word's ▁ follows a word (except at the end of a sentence).
      if (end === characters.length && end - start <= maximumLength && nextWordStart !== undefined) {
        const extended = key + nextWordStart;
        substringCounts.set(extended, (substringCounts.get(extended) ?? 0) + count);
      }
    }
  }
  // Like the internal nodes of spm's suffix tree, a seed must be right-branching: it is dropped
  // when every occurrence continues with the same character (one extension occurs as often).
  const notBranching = new Set<string>();
  for (const [key, count] of substringCounts) {
    const lastLength = key.charCodeAt(key.length - 1) >= 0xdc00 && key.charCodeAt(key.length - 1) <= 0xdfff ? 2 : 1;
    const prefix = key.slice(0, key.length - lastLength);
    if (substringCounts.get(prefix) === count) notBranching.add(prefix);
  }
  const candidates: [string, number][] = [];
  for (const [key, count] of substringCounts) {
    if (count < 2 || notBranching.has(key)) continue;
    const codepoints = Array.from(key, (character) => character.codePointAt(0)!);
    if (!isValidSentencePiece(codepoints, options)) continue;
    candidates.push([key, count * codepoints.length]);
  }
  substringCounts.clear();
  notBranching.clear();
  const byWeight = (left: [string, number], right: [string, number]): number => right[1] - left[1] || compareStrings(left[0], right[0]);
  const seeds: [string, number][] = [...characterCounts].sort(byWeight);
  candidates.sort(byWeight);
  for (const candidate of candidates) {
    if (seeds.length >= seedSize) break;
    seeds.push(candidate);
  }
  const logTotal = Math.log(seeds.reduce((sum, [, weight]) => sum + weight, 0));
  return seeds.map(([piece, weight]) => ({ piece, score: Math.log(weight) - logTotal }));
}
