import type { ResolvedTrainerOptions } from './trainer-options.js';
import { isValidSentencePiece, unknownCharacter } from './piece-validity.js';

/** A learned piece and its score (BPE: minus its merge rank, as spm_train). */
export interface ScoredPiece {
  piece: string;
  score: number;
}

const encoder = new TextEncoder();

/**
 * Learns BPE merges over a word table as sentencepiece's bpe_model_trainer.cc does: start from
 * characters (unknown characters never merge), repeatedly merge the most frequent adjacent
 * pair whose result is a valid piece (ties: shorter piece, then bytewise smaller), count each
 * pair once per non-overlapping occurrence ("aaa" has one "aa"), and skip a piece already made
 * by another pair. Frequencies are exact (spm approximates them with an active-symbol cache).
 */
export function learnBpeMerges(words: readonly [string, number][], wantedPieces: number, options: ResolvedTrainerOptions, onMerge?: (count: number) => void): ScoredPiece[] {
  const symbolCharacters: number[][] = [];
  const symbolIds = new Map<string, number>();
  const symbolOf = (characters: number[]): number => {
    const key = String.fromCodePoint(...characters);
    let id = symbolIds.get(key);
    if (id === undefined) {
      id = symbolCharacters.length;
      symbolCharacters.push(characters);
      symbolIds.set(key, id);
    }
    return id;
  };
  const unknownSymbol = symbolOf([unknownCharacter]);
  const wordSymbols: number[][] = words.map(([word]) => Array.from(word, (character) => symbolOf([character.codePointAt(0)!])));
  const wordCounts = words.map(([, count]) => count);

  // Pairs are keyed left * 2^26 + right; invalid pairs are cached as such.
  const pairValid = new Map<number, boolean>();
  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const keyOf = (left: number, right: number): number => left * 67_108_864 + right;
  const isMergeable = (left: number, right: number): boolean => {
    if (left === unknownSymbol || right === unknownSymbol) return false;
    const key = keyOf(left, right);
    let valid = pairValid.get(key);
    if (valid === undefined) pairValid.set(key, (valid = isValidSentencePiece([...symbolCharacters[left]!, ...symbolCharacters[right]!], options)));
    return valid;
  };

  // Max-heap of [count, length, sort key, pair key]; entries go stale when counts change.
  type Entry = { count: number; length: number; sortKey: string; key: number; left: number; right: number };
  const heap: Entry[] = [];
  const before = (a: Entry, b: Entry): boolean => a.count > b.count || (a.count === b.count && (a.length < b.length || (a.length === b.length && a.sortKey < b.sortKey)));
  const push = (entry: Entry): void => {
    heap.push(entry);
    for (let index = heap.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  };
  const pop = (): Entry => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let index = 0; ; ) {
        let best = index;
        const left = 2 * index + 1;
        if (left < heap.length && before(heap[left]!, heap[best]!)) best = left;
        if (left + 1 < heap.length && before(heap[left + 1]!, heap[best]!)) best = left + 1;
        if (best === index) break;
        [heap[index], heap[best]] = [heap[best]!, heap[index]!];
        index = best;
      }
    }
    return top;
  };
  const sortKeyOf = (left: number, right: number): string => Buffer.from(encoder.encode(String.fromCodePoint(...symbolCharacters[left]!, ...symbolCharacters[right]!))).toString('latin1');
  // Pair key → its count before this round of updates; only pairs whose count changed are re-queued.
  const touched = new Map<number, number>();

  // Adds (sign +1) or removes (-1) a word's pair occurrences, counting overlapping equal pairs once.
  const account = (wordIndex: number, sign: 1 | -1): void => {
    const symbols = wordSymbols[wordIndex]!;
    const count = wordCounts[wordIndex]! * sign;
    let previousKey = -1;
    let previousEnd = -1;
    for (let position = 0; position + 1 < symbols.length; position++) {
      const left = symbols[position]!;
      const right = symbols[position + 1]!;
      if (!isMergeable(left, right)) continue;
      const key = keyOf(left, right);
      if (key === previousKey && previousEnd === position) {
        previousKey = -1; // "aaa": the second "aa" overlaps the first
        continue;
      }
      previousKey = key;
      previousEnd = position + 1;
      const previousCount = pairCount.get(key) ?? 0;
      if (!touched.has(key)) touched.set(key, previousCount);
      pairCount.set(key, previousCount + count);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(wordIndex);
      }
    }
  };
  const flushTouched = (): void => {
    for (const [key, previous] of touched) {
      const count = pairCount.get(key)!;
      if (count > 0 && count !== previous) {
        const left = Math.floor(key / 67_108_864);
        const right = key % 67_108_864;
        push({ count, length: symbolCharacters[left]!.length + symbolCharacters[right]!.length, sortKey: sortKeyOf(left, right), key, left, right });
      }
    }
    touched.clear();
  };
  for (let index = 0; index < wordSymbols.length; index++) account(index, 1);
  flushTouched();

  const pieces: ScoredPiece[] = [];
  const made = new Set<string>();
  while (pieces.length < wantedPieces && heap.length > 0) {
    options.signal?.throwIfAborted();
    const entry = pop();
    if (pairCount.get(entry.key) !== entry.count) continue; // stale
    const merged = [...symbolCharacters[entry.left]!, ...symbolCharacters[entry.right]!];
    const piece = String.fromCodePoint(...merged);
    if (made.has(piece)) {
      // The same string made from another pair: never merge this pair (as spm's `dup`).
      pairCount.delete(entry.key);
      continue;
    }
    made.add(piece);
    pieces.push({ piece, score: -pieces.length });
    onMerge?.(pieces.length);
    const mergedSymbol = symbolOf(merged);
    for (const wordIndex of pairWords.get(entry.key) ?? []) {
      const symbols = wordSymbols[wordIndex]!;
      // The word index set is never pruned: skip words where the pair no longer occurs.
      let occurs = false;
      for (let position = 0; position + 1 < symbols.length && !occurs; position++) occurs = symbols[position] === entry.left && symbols[position + 1] === entry.right;
      if (!occurs) continue;
      account(wordIndex, -1);
      const next: number[] = [];
      for (let position = 0; position < symbols.length; position++) {
        if (position + 1 < symbols.length && symbols[position] === entry.left && symbols[position + 1] === entry.right) {
          next.push(mergedSymbol);
          position++;
        } else next.push(symbols[position]!);
      }
      wordSymbols[wordIndex] = next;
      account(wordIndex, 1);
    }
    pairCount.delete(entry.key);
    pairWords.delete(entry.key);
    touched.delete(entry.key);
    flushTouched();
  }
  return pieces;
}
