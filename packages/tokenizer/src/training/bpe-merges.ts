import { BpePairQueue } from './bpe-pair-queue.js';
import { BpePairTable, pairRetired, pairValid } from './bpe-pair-table.js';
import { BpeSymbols } from './bpe-symbols.js';
import { growableFloat64Array, growableInt32Array, releaseGrowable } from './growable-arrays.js';
import { isValidSentencePiece, unknownCharacter } from './piece-validity.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';

/** A learned piece and its score (BPE: minus its merge rank, as spm_train). */
export interface ScoredPiece {
  piece: string;
  score: number;
}

/**
 * Learns BPE merges over a word table with the model sentencepiece's bpe_model_trainer.cc
 * defines: start from characters (unknown characters never merge), repeatedly merge the most
 * frequent adjacent pair whose result is a valid piece (ties: shorter piece, then bytewise
 * smaller; equal strings from different pairs, which spm leaves to its hash order: the shorter
 * left part), count each pair once per non-overlapping occurrence ("aaa" has one "aa"), and skip
 * a piece already made by another pair (spm's `dup`). Frequencies are exact (spm approximates
 * them with an active-symbol cache). The result does not depend on the order of `words` (typed
 * {@link BpeWords}, as training passes them, or a list of (text, count) pairs).
 *
 * Incremental, as fast BPE trainers are: words live in one Int32Array of symbols with the pair
 * id at each position beside it, pair counts and a pair → words index live in a typed-array hash
 * table, and a max-heap with lazy invalidation picks the next pair. A merge visits only the
 * words that contain the merged pair, touches only the counts that change, and looks up only
 * pairs with the new symbol.
 *
 * @example
 * ```ts
 * const options = resolveTrainerOptions({ vocabularySize: 8000, modelType: 'bpe' }); // internal: the trainer calls this
 * learnBpeMerges([['▁lower', 5], ['▁lowest', 2]], 10, options); // [{ piece: 'lo', score: -0 }, { piece: 'we', score: -1 }, …]
 * ```
 */
export function learnBpeMerges(words: BpeWords | readonly [string, number][], wantedPieces: number, options: ResolvedTrainerOptions, onMerge?: (count: number) => void): ScoredPiece[] {
  const symbols = new BpeSymbols();
  const unknownSymbol = symbols.ofCharacter(unknownCharacter);
  const maximumLength = options.maxSentencepieceLength;
  const { cells, wordSpan, wordCount, wordTotal, longestWord } = wordCells(Array.isArray(words) ? bpeWordsOf(words as readonly [string, number][]) : (words as BpeWords), symbols);
  words = []; // the input is in `cells` now: let it be freed during the merges (the memory peak)

  // Pairs ever made: one per symbol position of the words, plus at most two per merged
  // occurrence (the pairs with each neighbour), and each merge removes a position: at most three
  // per position. Word-list nodes: at most the two new pairs per merged occurrence. Reserving
  // that (not a fixed maximum) keeps training within a job's virtual-memory limit.
  const positions = cells.length / 2;
  const reservedPairs = Math.min(3 * positions + 1024, 1 << 26);
  const table = new BpePairTable(1 << 16, { pairs: reservedPairs, nodes: Math.min(2 * positions + 4096, 1 << 27) });
  // One reused array per length: emptying and refilling one array reallocates its storage on
  // every new pair (hundreds of thousands), and that garbage grows the young generation.
  const candidates: number[][] = Array.from({ length: maximumLength + 1 }, (_, length) => new Array<number>(length).fill(0));
  const flagsOf = (left: number, right: number): number => {
    if (left === unknownSymbol || right === unknownSymbol) return 0;
    const leftLength = symbols.characterLength[left]!;
    const length = leftLength + symbols.characterLength[right]!;
    if (length > maximumLength) return 0;
    const candidate = candidates[length]!;
    symbols.copyCodePoints(left, candidate, 0);
    symbols.copyCodePoints(right, candidate, leftLength);
    return isValidSentencePiece(candidate, options) ? pairValid : 0;
  };
  const pairOf = (left: number, right: number): number => table.findOrAdd(left, right, flagsOf);

  // Adds `amount` for each counted pair occurrence of a word: a pair equal to the one just
  // counted and overlapping it ("aaa") is not counted again.
  const accountWord = (start: number, length: number, amount: number): void => {
    const flags = table.flags;
    const counts = table.count;
    let previousPair = -1;
    let previousEnd = -1;
    for (let position = start, last = start + length - 1; position < last; position++) {
      const pair = cells[2 * position + 1]!;
      if ((flags[pair]! & pairValid) === 0) continue;
      if (pair === previousPair && previousEnd === position) {
        previousPair = -1;
        continue;
      }
      previousPair = pair;
      previousEnd = position + 1;
      counts[pair]! += amount;
    }
  };

  for (let word = 0; word < wordTotal; word++) {
    const start = wordSpan[2 * word]!;
    const last = start + wordSpan[2 * word + 1]! - 1;
    for (let position = start; position < last; position++) cells[2 * position + 1] = pairOf(cells[2 * position]!, cells[2 * (position + 1)]!);
    accountWord(start, wordSpan[2 * word + 1]!, wordCount[word]!);
  }
  // The words of each initial pair, in word order, in one array (compressed rows): walking a
  // pair's words then reads the word arrays front to back instead of hopping through list nodes.
  // Pairs made by merges keep their words in the table's linked lists.
  const initialPairs = table.size;
  const initialWordStart = new Int32Array(initialPairs + 1);
  const seenIn = new Int32Array(initialPairs);
  const forEachInitialPair = (visit: (pair: number, word: number) => void): void => {
    seenIn.fill(-1);
    for (let word = 0; word < wordTotal; word++) {
      const start = wordSpan[2 * word]!;
      for (let position = start, last = start + wordSpan[2 * word + 1]! - 1; position < last; position++) {
        const pair = cells[2 * position + 1]!;
        if ((table.flags[pair]! & pairValid) === 0 || seenIn[pair] === word) continue;
        seenIn[pair] = word;
        visit(pair, word);
      }
    }
  };
  forEachInitialPair((pair) => initialWordStart[pair + 1]!++);
  for (let pair = 0; pair < initialPairs; pair++) initialWordStart[pair + 1]! += initialWordStart[pair]!;
  const initialWords = growableInt32Array(initialWordStart[initialPairs]!, initialWordStart[initialPairs]!); // released at the end
  const initialFill = initialWordStart.slice(0, initialPairs);
  forEachInitialPair((pair, word) => (initialWords[initialFill[pair]!++] = word));

  const queue = new BpePairQueue((a, b) => {
    const lengthA = symbols.characterLength[table.left[a]!]! + symbols.characterLength[table.right[a]!]!;
    const lengthB = symbols.characterLength[table.left[b]!]! + symbols.characterLength[table.right[b]!]!;
    if (lengthA !== lengthB) return lengthA < lengthB;
    const order = symbols.compareConcatenations(table.left[a]!, table.right[a]!, table.left[b]!, table.right[b]!);
    // Equal strings from different pairs ("ab"+"c", "a"+"bc"): the shorter left part first, so
    // the result never depends on the order of the word table.
    return order !== 0 ? order < 0 : symbols.characterLength[table.left[a]!]! < symbols.characterLength[table.left[b]!]!;
  }, reservedPairs);
  for (let pair = 0; pair < table.size; pair++) if ((table.flags[pair]! & pairValid) !== 0 && table.count[pair]! > 0) queue.append(table.count[pair]!, pair);
  queue.heapify();

  // Which pairs of a word are counted (1) under the overlap rule, into `out` from index 0.
  const markCounted = (start: number, length: number, out: Uint8Array): void => {
    const flags = table.flags;
    let previousPair = -1;
    let previousEnd = -1;
    for (let index = 0; index < length - 1; index++) {
      const pair = cells[2 * (start + index) + 1]!;
      out[index] = 0;
      if ((flags[pair]! & pairValid) === 0) continue;
      if (pair === previousPair && previousEnd === index) {
        previousPair = -1;
        continue;
      }
      previousPair = pair;
      previousEnd = index + 1;
      out[index] = 1;
    }
  };

  // Pairs with the new symbol, per neighbour symbol, for the current round: a merge makes few
  // distinct new pairs but looks them up once per occurrence, and the hash table is large.
  let neighbourCapacity = Math.max(1024, symbols.size + wantedPieces + 1);
  let leftNeighbourPair = new Int32Array(neighbourCapacity); // (neighbour, merged)
  let rightNeighbourPair = new Int32Array(neighbourCapacity); // (merged, neighbour)
  let leftNeighbourRound = new Int32Array(neighbourCapacity).fill(-1);
  let rightNeighbourRound = new Int32Array(neighbourCapacity).fill(-1);
  let round = 0;
  const pairWithMerged = (left: number, right: number, merged: number): number => {
    if (right === merged) {
      if (leftNeighbourRound[left] === round) return leftNeighbourPair[left]!;
      leftNeighbourRound[left] = round;
      return (leftNeighbourPair[left] = pairOf(left, right));
    }
    if (rightNeighbourRound[right] === round) return rightNeighbourPair[right]!;
    rightNeighbourRound[right] = round;
    return (rightNeighbourPair[right] = pairOf(left, right));
  };

  // Scratch space for one word: its pair ids and counted flags before the merge, where each new
  // position came from, and which old pairs survive unchanged.
  const oldPairs = new Int32Array(longestWord);
  const oldCounted = new Uint8Array(longestWord);
  const newCounted = new Uint8Array(longestWord);
  const source = new Int32Array(longestWord);
  const survives = new Uint8Array(longestWord);

  // Merges `pair` into `merged` in one word. Only the counts of pairs that change are touched
  // (the pairs around each merge, and runs such as "aaa" whose overlap counting shifts): pair
  // counts are scattered over a large array, so touching every pair of every word costs cache
  // misses that dominate the run.
  const mergeInWord = (word: number, pair: number, merged: number): void => {
    const start = wordSpan[2 * word]!;
    const oldLength = wordSpan[2 * word + 1]!;
    const end = start + oldLength;
    let occurs = false;
    for (let position = start; position < end - 1 && !occurs; position++) occurs = cells[2 * position + 1] === pair;
    if (!occurs) return; // the index keeps words the pair has since left
    const amount = wordCount[word]!;
    markCounted(start, oldLength, oldCounted);
    for (let index = 0; index < oldLength - 1; index++) oldPairs[index] = cells[2 * (start + index) + 1]!;
    // Left to right, non-overlapping, in place (the write position never passes the read one);
    // the pair ids of unchanged neighbours are carried along.
    let write = start;
    for (let read = start; read < end; write++) {
      if (read + 1 < end && cells[2 * read + 1] === pair) {
        cells[2 * write] = merged;
        source[write - start] = -1;
        read += 2;
      } else {
        cells[2 * write] = cells[2 * read]!;
        cells[2 * write + 1] = cells[2 * read + 1]!;
        source[write - start] = read - start;
        read++;
      }
    }
    const newLength = write - start;
    wordSpan[2 * word + 1] = newLength;
    for (let position = start; position < write - 1; position++) {
      if (cells[2 * position] === merged || cells[2 * (position + 1)] === merged) {
        const next = pairWithMerged(cells[2 * position]!, cells[2 * (position + 1)]!, merged);
        cells[2 * position + 1] = next;
        if ((table.flags[next]! & pairValid) !== 0) table.addWord(next, word);
      }
    }
    markCounted(start, newLength, newCounted);
    const counts = table.count;
    for (let index = 0; index < newLength - 1; index++) {
      // Neither symbol new: the pair is the old one at source[index] (source[index + 1] follows it).
      const old = cells[2 * (start + index)] !== merged && cells[2 * (start + index + 1)] !== merged ? source[index]! : -1;
      if (old >= 0 && oldCounted[old] === newCounted[index]) {
        survives[old] = 1;
        continue;
      }
      if (newCounted[index] === 1) counts[cells[2 * (start + index) + 1]!]! += amount;
    }
    for (let index = 0; index < oldLength - 1; index++) {
      if (survives[index] === 1) survives[index] = 0;
      else if (oldCounted[index] === 1) counts[oldPairs[index]!]! -= amount;
    }
  };

  // The merged symbols in merge order: the pieces (their strings are made at the end).
  const mergedSymbols = new Int32Array(wantedPieces);
  let merges = 0;
  const wordStamp = growableInt32Array(wordTotal, wordTotal).fill(-1); // released at the end
  while (merges < wantedPieces && queue.size > 0) {
    const pair = queue.topPair();
    const count = table.count[pair]!;
    if ((table.flags[pair]! & pairRetired) !== 0 || count <= 0) {
      queue.pop();
      continue;
    }
    if (count !== queue.topCount()) {
      queue.replaceTop(count); // stale: counts only fall, so re-key and look again
      continue;
    }
    queue.pop();
    table.flags[pair]! |= pairRetired;
    // The same string made from another pair: never merge this one.
    if (symbols.findConcatenation(table.left[pair]!, table.right[pair]!) >= 0) continue;
    const merged = symbols.addConcatenation(table.left[pair]!, table.right[pair]!);
    mergedSymbols[merges++] = merged;
    options.signal?.throwIfAborted();
    onMerge?.(merges);

    if (merged >= neighbourCapacity) {
      // More symbols than planned (only when many pieces are refused as duplicates).
      neighbourCapacity *= 2;
      leftNeighbourPair = grown(leftNeighbourPair, neighbourCapacity, 0);
      rightNeighbourPair = grown(rightNeighbourPair, neighbourCapacity, 0);
      leftNeighbourRound = grown(leftNeighbourRound, neighbourCapacity, -1);
      rightNeighbourRound = grown(rightNeighbourRound, neighbourCapacity, -1);
    }
    const firstNewPair = table.size;
    round++;
    if (pair < initialPairs) {
      for (let index = initialWordStart[pair]!, end = initialWordStart[pair + 1]!; index < end; index++) mergeInWord(initialWords[index]!, pair, merged);
    } else {
      for (let node = table.firstNode[pair]!; node >= 0; node = table.nodeNext[node]!) {
        const word = table.nodeWord[node]!;
        if (wordStamp[word] === round) continue;
        wordStamp[word] = round;
        mergeInWord(word, pair, merged);
      }
    }
    table.clearWords(pair);
    // Only pairs with the new symbol can have gained occurrences; they enter the queue once.
    for (let next = firstNewPair; next < table.size; next++) if ((table.flags[next]! & pairValid) !== 0 && table.count[next]! > 0) queue.push(table.count[next]!, next);
  }
  const pieces = Array.from(mergedSymbols.subarray(0, merges), (symbol, rank) => ({ piece: symbols.text(symbol), score: -rank }));
  // The merge arrays' memory goes back now: what follows (assembling and writing the model)
  // allocates little, so no collection would come soon to free them, and the peak came after
  // the merges.
  table.release();
  queue.release();
  for (const array of [cells, wordSpan, wordCount, initialWords, wordStamp]) releaseGrowable(array);
  return pieces;
}

// The words of two or more characters as symbols, built in place in the input's arrays (the
// input is dropped; a second copy of the words would add to the memory peak): cells[2p] is the
// symbol at position p and cells[2p + 1] the pair id there (filled later); wordSpan holds each
// word's start and length, wordCount its count.
function wordCells({ cells, offsets, counts }: BpeWords, symbols: BpeSymbols): { cells: Int32Array; wordSpan: Int32Array; wordCount: Float64Array; wordTotal: number; longestWord: number } {
  const inputWords = counts.length;
  // Words of one character have no pairs and never change: they are left out.
  let wordTotal = 0;
  let longestWord = 0;
  for (let word = 0; word < inputWords; word++) {
    const length = offsets[word + 1]! - offsets[word]!;
    if (length > 1) {
      wordTotal++;
      longestWord = Math.max(longestWord, length);
    }
  }
  // A word's start and length side by side, as a symbol and its pair id are in cells, so
  // visiting a word (the merge loop does that millions of times, in no useful order) costs as
  // few cache misses as possible.
  const wordSpan = growableInt32Array(2 * wordTotal, 2 * wordTotal); // released at the end
  // Left to right, the write position never passes the read one: compacting in place is safe.
  let word = 0;
  let position = 0;
  for (let input = 0; input < inputWords; input++) {
    const first = offsets[input]!;
    const end = offsets[input + 1]!;
    if (end - first < 2) continue;
    wordSpan[2 * word] = position;
    for (let index = first; index < end; index++) cells[2 * position++] = symbols.ofCharacter(cells[2 * index]!);
    wordSpan[2 * word + 1] = end - first;
    counts[word] = counts[input]!;
    word++;
  }
  return { cells: cells.subarray(0, 2 * position), wordSpan, wordCount: counts.subarray(0, wordTotal), wordTotal, longestWord };
}

function grown(array: Int32Array, length: number, fill: number): Int32Array<ArrayBuffer> {
  const result = new Int32Array(length).fill(fill);
  result.set(array);
  return result;
}

/**
 * Words as a typed list: word w's code points are at the even positions of `cells` from
 * `2 * offsets[w]` to `2 * offsets[w + 1] - 2`, and it was seen `counts[w]` times. The odd
 * positions are room for the trainer's pair ids: it builds its arrays in these (changing them) and,
 * when `cells` and `counts` are resizable (as coveredBpeWords makes them), returns their memory at the end.
 */
export interface BpeWords {
  cells: Int32Array;
  offsets: Int32Array;
  counts: Float64Array;
}

// A list of (text, count) as BpeWords, code points as `for…of` gives them (a lone surrogate is one).
function bpeWordsOf(list: readonly [string, number][]): BpeWords {
  const points: number[] = [];
  const offsets = new Int32Array(list.length + 1);
  const counts = new Float64Array(list.length);
  list.forEach(([text, count], word) => {
    for (const character of text) points.push(character.codePointAt(0)!, 0);
    offsets[word + 1] = points.length / 2;
    counts[word] = count;
  });
  const cells = growableInt32Array(points.length, points.length); // released when training ends
  cells.set(points);
  const releasableCounts = growableFloat64Array(counts.length, counts.length);
  releasableCounts.set(counts);
  return { cells, offsets, counts: releasableCounts };
}
