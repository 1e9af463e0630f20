import type { ScoredPiece } from './bpe-merges.js';
import { growableFloat64Array, growableInt32Array, growableUint16Array, growableUint8Array, grow, releaseGrowable } from './growable-arrays.js';
import { boundaryCharacter, isValidSentencePiece, unknownCharacter, whitespaceCharacter } from './piece-validity.js';
import { sortIndicesByAscendingKeys, sortIndicesByDescendingKey } from './sort-indices.js';
import { forEachRepeatedSubstring, sortSuffixesToDepth, type SymbolText } from './repeated-substrings.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';
import type { PieceSymbols } from './unigram-lattice.js';
import { buildWordTable, endOfTextId, separatorId, sharedInt32Array, type WordTable } from './word-table.js';

/** Seed pieces as character ids of the word table, with their initial scores. */
export interface SeedPieces {
  pieces: PieceSymbols;
  scores: Float64Array;
  /** Piece indices in lexicographic order of their character ids (what a trie is built from). */
  lexicographicOrder: Int32Array;
}

/**
 * The seed vocabulary of the Unigram trainer, selected as sentencepiece's
 * MakeSeedSentencePieces does: every character (by frequency), then the substrings that occur
 * at least twice and branch to the right (the internal nodes of a suffix tree), valid as
 * pieces, ranked by frequency × length, until `seedSize` pieces; scores are log-probabilities
 * of those weights. Each word may say how many of its occurrences ended a sentence (third
 * element; see {@link unigramSeedPiecesOfTable}).
 *
 * @example
 * ```ts
 * unigramSeedPieces([['▁abc', 2], ['▁abd', 1]], 100, options); // a, b, c, d, ▁, then ▁ab, ab
 * unigramSeedPieces([['▁abc', 2, 1], ['▁abd', 1]], 100, options); // also ▁abc, abc, bc: "▁abc▁abd" and "▁abc" as sentences
 * ```
 */
export function unigramSeedPieces(words: readonly (readonly [word: string, count: number, finalCount?: number])[], seedSize: number, options: ResolvedTrainerOptions): ScoredPiece[] {
  const table = buildWordTable(words.map(([word, count]) => [word, count] as const));
  if (words.some((entry) => entry[2] !== undefined)) table.finalCounts = Float64Array.from(words, (entry) => entry[2] ?? 0);
  const { pieces, scores } = unigramSeedPiecesOfTable(table, seedSize, options);
  return Array.from(scores, (score, index) => ({ piece: pieceString(pieces, index, table.codePoints), score }));
}

// Text positions per entry of the seed search's block index (groupOfBlock): 2^5.
const positionBlockBits = 5;

/**
 * Renumbers the table's characters (in place) so that their ids follow their code points: then
 * the order of character ids is the order of code points, which the seed search's tie order
 * needs (see unigramSeedPiecesOfTable). Ids 0 and 1 stay reserved. Nothing else depends on which
 * id a character has, so training gives the same model either way.
 *
 * @example
 * ```ts
 * const table = buildWordTable([['▁ba', 1]]); // ▁ → 2, b → 3, a → 4 (first appearance)
 * numberCharactersByCodePoint(table); // a → 2, b → 3, ▁ → 4; table.symbols now [4, 3, 2]
 * ```
 */
export function numberCharactersByCodePoint(table: WordTable): void {
  const { codePoints, symbols } = table;
  let ordered = true;
  for (let id = 3; id < codePoints.length; id++) if (codePoints[id - 1]! > codePoints[id]!) ordered = false;
  if (ordered) return;
  const byCodePoint = Int32Array.from({ length: codePoints.length - 2 }, (_, index) => index + 2).sort((left, right) => codePoints[left]! - codePoints[right]!);
  const newId = new Int32Array(codePoints.length);
  newId[1] = 1;
  byCodePoint.forEach((oldId, index) => (newId[oldId] = index + 2));
  for (let position = 0; position < symbols.length; position++) symbols[position] = newId[symbols[position]!]!;
  const renumbered = Int32Array.from(codePoints);
  for (let id = 2; id < codePoints.length; id++) renumbered[newId[id]!] = codePoints[id]!;
  codePoints.set(renumbered);
  table.characterIds.clear();
  for (let id = 2; id < codePoints.length; id++) table.characterIds.set(codePoints[id]!, id);
}

/** Piece `index` as a string. */
export function pieceString(pieces: PieceSymbols, index: number, codePoints: Int32Array): string {
  let text = '';
  for (let position = pieces.starts[index]!; position < pieces.starts[index]! + pieces.lengths[index]!; position++) text += String.fromCodePoint(codePoints[pieces.symbols[position]!]!);
  return text;
}

/**
 * {@link unigramSeedPieces} over a {@link WordTable}. spm builds its suffix array over the whole
 * corpus; here it is built over the word table, each position weighted by its word's count. A
 * valid piece never spans a word boundary, so the counts of the candidates are the same. Whether
 * a word-final substring branches depends on what follows the word in spm's array: the next
 * word's ▁, or the sentence boundary after the last word of a sentence. So a word is written
 * once followed by ▁ (weighted by its occurrences inside sentences) and once followed by an
 * end-of-sentence symbol (weighted by its sentence-final occurrences, `table.finalCounts`);
 * without `finalCounts` every occurrence is taken to be followed by ▁. Ties in weight are
 * ordered as spm's suffix-tree node order: by code points, a longer piece before its prefix.
 * The table's characters are first renumbered by code point, in place (see
 * {@link numberCharactersByCodePoint}); the pieces refer to the renumbered ids.
 */
export function unigramSeedPiecesOfTable(table: WordTable, seedSize: number, options: ResolvedTrainerOptions): SeedPieces {
  numberCharactersByCodePoint(table);
  const { symbols, offsets, counts, codePoints } = table;
  const finalCounts = table.finalCounts;
  const words = counts.length;
  const unknownId = table.characterIds.get(unknownCharacter) ?? -1;
  const boundaryId = table.characterIds.get(boundaryCharacter) ?? -1;
  // In spm's corpus array the next word's ▁ follows a word (except at the end of a sentence).
  const appendWhitespace = options.splitByWhitespace && !options.treatWhitespaceAsSuffix;
  let whitespaceId = table.characterIds.get(whitespaceCharacter);
  let alphabetSize = codePoints.length;
  if (appendWhitespace && whitespaceId === undefined) whitespaceId = alphabetSize++;
  // spm's sentence boundary: equal to itself (so a substring always followed by it does not branch).
  const sentenceEndId = alphabetSize++;
  // Groups of occurrences: a word followed by ▁ (or nothing), and the same word ending a sentence.
  let groupCount = 0;
  for (let word = 0; word < words; word++) {
    const final = finalCounts?.[word] ?? 0;
    groupCount += (counts[word]! > final ? 1 : 0) + (final > 0 ? 1 : 0);
  }
  // The search's arrays are over resizable buffers, shrunk to nothing once the seeds are known:
  // a plain array's memory returns only when a collection finds it dead, which V8 does late,
  // and tens of MB of them would then be resident while the EM structures allocate.
  const groupWord = growableInt32Array(groupCount, groupCount);
  const groupEndsSentence = growableUint8Array(groupCount, groupCount);
  const groupStart = growableInt32Array(groupCount, groupCount); // its first position in the text
  const followerOf = (group: number): number => (groupEndsSentence[group] === 1 ? sentenceEndId : appendWhitespace ? whitespaceId! : -1);
  const weightOf = (group: number): number => {
    const final = finalCounts?.[groupWord[group]!] ?? 0;
    return groupEndsSentence[group] === 1 ? final : counts[groupWord[group]!]! - final;
  };
  let textLength = 1;
  let wordPositions = 0;
  for (let word = 0, group = 0; word < words; word++) {
    const final = finalCounts?.[word] ?? 0;
    for (const endsSentence of [0, 1]) {
      if ((endsSentence === 1 ? final : counts[word]! - final) <= 0) continue;
      groupWord[group] = word;
      groupEndsSentence[group] = endsSentence;
      groupStart[group] = textLength - 1;
      textLength += offsets[word + 1]! - offsets[word]! + (followerOf(group) >= 0 ? 1 : 0) + 1;
      wordPositions += offsets[word + 1]! - offsets[word]!;
      group++;
    }
  }
  // The text of the suffix array: each group's word, its follower, a separator; 0 at the end.
  const text: SymbolText = alphabetSize <= 0x10000 ? growableUint16Array(textLength, textLength) : growableInt32Array(textLength, textLength);
  // Only positions inside words are sorted: the others (followers, separators, the end) start no
  // substring of two or more characters, so leaving them out changes no seed and no order
  // between seeds (ranks below compare left bounds, which keep their order).
  const suffixes = growableInt32Array(wordPositions, wordPositions);
  for (let group = 0, position = 0, next = 0; group < groupCount; group++) {
    const word = groupWord[group]!;
    text.set(symbols.subarray(offsets[word]!, offsets[word + 1]!), position);
    for (let index = offsets[word]!; index < offsets[word + 1]!; index++) suffixes[next++] = position++;
    const follower = followerOf(group);
    if (follower >= 0) text[position++] = follower;
    text[position++] = separatorId;
  }
  text[textLength - 1] = endOfTextId;
  sortSuffixesToDepth(text, suffixes, options.maxSentencepieceLength + 1);
  // The group a text position belongs to: the group at the start of its block of positions, then
  // a few steps forward (a group spans a word and two more positions; an array as long as the text
  // would cost more memory than the text itself, a binary search per suffix a second).
  const groupOfBlock = new Int32Array((textLength >>> positionBlockBits) + 1);
  for (let group = 0, block = 0; block < groupOfBlock.length; block++) {
    while (group + 1 < groupCount && groupStart[group + 1]! <= block << positionBlockBits) group++;
    groupOfBlock[block] = group;
  }
  const groupOfPosition = (position: number): number => {
    let group = groupOfBlock[position >>> positionBlockBits]!;
    while (group + 1 < groupCount && groupStart[group + 1]! <= position) group++;
    return group;
  };
  const characterWeights = new Float64Array(alphabetSize);
  const firstOccurrence = new Int32Array(alphabetSize).fill(-1);
  for (let word = 0; word < words; word++) {
    const count = counts[word]!;
    for (let index = offsets[word]!; index < offsets[word + 1]!; index++) {
      const symbol = symbols[index]!;
      if (symbol !== unknownId && symbol !== boundaryId) characterWeights[symbol]! += count;
      if (firstOccurrence[symbol] === -1) firstOccurrence[symbol] = index;
    }
  }

  // Candidates as (suffix-array left bound, length, weight); strings are made only for the chosen
  // seeds. Each is an internal node of the suffix tree, so there are fewer than the suffixes;
  // the arrays grow in place (no copies) up to that.
  const maximumCandidates = Math.max(1 << 16, wordPositions);
  let candidateLeft = growableInt32Array(1 << 16, maximumCandidates);
  let candidateDepth = growableUint16Array(1 << 16, maximumCandidates);
  let candidateWeight = growableFloat64Array(1 << 16, maximumCandidates);
  let candidates = 0;
  const piece: number[] = [];
  // Each group's weight, read once per suffix below (one read instead of four).
  const groupWeight = growableFloat64Array(groupCount, groupCount);
  for (let group = 0; group < groupCount; group++) groupWeight[group] = weightOf(group);
  forEachRepeatedSubstring(
    text,
    suffixes,
    (start) => groupWeight[groupOfPosition(start)]!,
    options.maxSentencepieceLength,
    (start, depth, weight, leftBound) => {
      if (depth < 2 || depth > options.maxSentencepieceLength) return;
      // The follower only tells whether a word-final substring branches; no seed ends in it (with
      // ▁ appended every group has a follower; otherwise only sentence-final groups do).
      if (text[start + depth] === separatorId && (appendWhitespace || text[start + depth - 1] === sentenceEndId)) return;
      piece.length = 0;
      for (let index = start; index < start + depth; index++) piece.push(codePoints[text[index]!] ?? whitespaceCharacter);
      if (!isValidSentencePiece(piece, options)) return;
      if (candidates === candidateLeft.length) {
        candidateLeft = grow(candidateLeft, candidates + 1);
        candidateDepth = grow(candidateDepth, candidates + 1);
        candidateWeight = grow(candidateWeight, candidates + 1);
      }
      candidateLeft[candidates] = leftBound;
      candidateDepth[candidates] = depth;
      candidateWeight[candidates++] = weight * depth;
    },
  );

  releaseGrowable(groupWeight);
  const characterList: number[] = [];
  for (let symbol = 2; symbol < codePoints.length; symbol++) if (characterWeights[symbol]! > 0) characterList.push(symbol);
  characterList.sort((left, right) => characterWeights[right]! - characterWeights[left]! || codePoints[left]! - codePoints[right]!);
  const wanted = Math.max(0, seedSize - characterList.length);
  // Only candidates at or above the wanted-th largest weight can be chosen; sort just those.
  let threshold = -Infinity;
  if (candidates > wanted && wanted === 0) threshold = Infinity;
  else if (candidates > wanted) {
    const sortedWeights = growableFloat64Array(candidates, candidates);
    sortedWeights.set(candidateWeight.subarray(0, candidates));
    threshold = sortedWeights.sort()[candidates - wanted]!;
    releaseGrowable(sortedWeights);
  }
  let aboveThreshold = 0;
  for (let candidate = 0; candidate < candidates; candidate++) if (candidateWeight[candidate]! >= threshold) aboveThreshold++;
  // Typed, not a JS array: up to a million entries, sorted in place.
  const chosenCandidates = growableInt32Array(aboveThreshold, aboveThreshold);
  let chosen = chosenCandidates;
  for (let candidate = 0, next = 0; candidate < candidates; candidate++) if (candidateWeight[candidate]! >= threshold) chosen[next++] = candidate;
  // Ties in weight go in spm's order (esaxx's suffix-tree node order): by code points, a longer
  // piece before its prefix. That is the order the candidates were found in: the traversal
  // reports a node after its descendants, and nodes side by side in suffix order, which is
  // code-point order once the characters are numbered by code point. So a stable sort by weight
  // alone gives it (a radix sort: no comparator calls).
  const seedsAtMost = characterList.length + Math.min(aboveThreshold, wanted);
  const scratch = growableInt32Array(aboveThreshold, Math.max(aboveThreshold, seedsAtMost));
  sortIndicesByDescendingKey(chosen, candidateWeight, scratch);
  if (chosen.length > wanted) chosen = chosen.subarray(0, wanted);

  // Seeds point into the word table's symbols (a text position maps back to its word's offset),
  // kept in the scratch array, so that the text, the suffixes and the groups can go before the
  // seeds' own arrays are allocated (the seed search's memory peak).
  const chosenStarts = scratch;
  for (let order = 0; order < chosen.length; order++) {
    const start = suffixes[candidateLeft[chosen[order]!]!]!;
    const group = groupOfPosition(start);
    chosenStarts[order] = offsets[groupWord[group]!]! + start - groupStart[group]!;
  }
  // A character precedes every longer piece that starts with it: its first suffix (the suffixes
  // are sorted by their first symbol: a binary search per character).
  const characterFirstSuffix = characterList.map((symbol) => {
    let low = 0;
    let high = suffixes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (text[suffixes[middle]!]! < symbol) low = middle + 1;
      else high = middle;
    }
    return low;
  });
  for (const array of [groupWord, groupEndsSentence, groupStart, text, suffixes]) releaseGrowable(array);

  const seedCount = characterList.length + chosen.length;
  const starts = sharedInt32Array(seedCount);
  const lengths = sharedInt32Array(seedCount);
  // Weights go straight into the (shared) scores array, turned into log-probabilities in place.
  const scores = new Float64Array(new SharedArrayBuffer(Math.max(1, seedCount) * 8), 0, seedCount);
  // Lexicographic rank: the suffix-array left bound, then the length.
  const leftBounds = growableInt32Array(seedCount, seedCount);
  characterList.forEach((symbol, index) => {
    starts[index] = firstOccurrence[symbol]!;
    lengths[index] = 1;
    scores[index] = characterWeights[symbol]!;
    leftBounds[index] = characterFirstSuffix[index]!;
  });
  for (let order = 0; order < chosen.length; order++) {
    const candidate = chosen[order]!;
    const index = characterList.length + order;
    starts[index] = chosenStarts[order]!;
    lengths[index] = candidateDepth[candidate]!;
    scores[index] = candidateWeight[candidate]!;
    leftBounds[index] = candidateLeft[candidate]!;
  }
  for (const array of [candidateLeft, candidateDepth, candidateWeight, chosenCandidates]) releaseGrowable(array);
  let total = 0;
  for (let index = 0; index < seedCount; index++) total += scores[index]!;
  const logTotal = Math.log(total);
  for (let index = 0; index < seedCount; index++) scores[index] = Math.log(scores[index]!) - logTotal;
  // Resizable: the trainer returns its memory once the last trie is built (releaseGrowable).
  const lexicographicOrder = growableInt32Array(seedCount, seedCount);
  for (let index = 0; index < seedCount; index++) lexicographicOrder[index] = index;
  sortIndicesByAscendingKeys(lexicographicOrder, leftBounds, lengths, grow(scratch, seedCount));
  for (const array of [leftBounds, scratch]) releaseGrowable(array);
  return { pieces: { symbols, starts, lengths, alphabetSize: codePoints.length }, scores, lexicographicOrder };
}
