/**
 * The internal nodes of a suffix tree, up to a depth, over a text of small integer symbols:
 * the substrings that occur at least twice and branch to the right (not every occurrence
 * continues with the same symbol). This is what sentencepiece's MakeSeedSentencePieces takes
 * from esaxx's enhanced suffix array, here with a weight per text position so that a table of
 * distinct words with counts gives the counts of the whole corpus.
 *
 * Symbol 0 ends the text (once, last) and symbol 1 separates words; no substring spans either.
 * Suffixes need only be sorted to `maximumDepth + 1` symbols, which is all a seed piece of at
 * most `maximumDepth` characters needs. `suffixes` (sorted by {@link sortSuffixesToDepth} with
 * depth `maximumDepth + 1`) may leave out positions (such as separators and the end): the reported
 * substrings and weights are then those of the positions given. `onSubstring` gets a position of the substring, its length, its weight and its
 * interval's left bound in the suffix order (so (left bound, length) orders substrings
 * lexicographically).
 */
export function forEachRepeatedSubstring(
  text: SymbolText,
  suffixes: Int32Array,
  positionWeight: (position: number) => number,
  maximumDepth: number,
  onSubstring: (position: number, depth: number, weight: number, leftBound: number) => void,
): void {
  const length = text.length;
  const suffixCount = suffixes.length;
  const cap = maximumDepth + 1;
  // Bottom-up traversal of the lcp intervals (Abouelhoda, Kurtz & Ohlebusch 2004); each stack
  // entry is an interval: its depth, left bound and the weight of the leaves seen so far.
  const stackDepth = new Int32Array(cap + 2);
  const stackLeft = new Int32Array(cap + 2);
  const stackWeight = new Float64Array(cap + 2);
  let top = 0;
  for (let index = 0; index < suffixCount; index++) {
    let pending = positionWeight(suffixes[index]!);
    let common = 0;
    if (index + 1 < suffixCount) {
      const left = suffixes[index]!;
      const right = suffixes[index + 1]!;
      // A separator or the end never matches, so no interval reaches across a word.
      while (common < cap && left + common < length && right + common < length && text[left + common] === text[right + common] && text[left + common]! > 1) common++;
    }
    let leftBound = index;
    while (common < stackDepth[top]!) {
      stackWeight[top]! += pending;
      onSubstring(suffixes[stackLeft[top]!]!, stackDepth[top]!, stackWeight[top]!, stackLeft[top]!);
      pending = stackWeight[top]!;
      leftBound = stackLeft[top]!;
      top--;
    }
    if (common > stackDepth[top]!) {
      top++;
      stackDepth[top] = common;
      stackLeft[top] = leftBound;
      stackWeight[top] = pending;
    } else stackWeight[top]! += pending;
  }
}

/** The text of a suffix sort: 16-bit symbols when the alphabet allows (half the memory), else 32-bit. */
export type SymbolText = Uint16Array | Int32Array;

// Below this many suffixes a group is finished by insertion sort (fewer passes than partitioning).
const insertionSortSize = 12;

/**
 * Sorts the suffix start positions `suffixes` (any subset of the text's positions) in place by
 * their first `depth` symbols; a symbol 0 or 1 (end of text, word separator) ends a suffix's
 * key, so suffixes equal up to it are ties, left in any order. The text must end with symbol 0.
 *
 * Multikey quicksort (Bentley & Sedgewick 1997) with an explicit stack: it needs no memory
 * beyond the positions themselves (prefix doubling needed four arrays as long as the text, the
 * seed search's memory peak), and a piece's depth is small, so each suffix is compared at most
 * `depth` symbols deep.
 *
 * @example
 * ```ts
 * const text = Uint16Array.of(2, 3, 2, 3, 1, 0); // "abab", separator, end
 * const suffixes = Int32Array.of(0, 1, 2, 3);
 * sortSuffixesToDepth(text, suffixes, 3); // [2, 0, 3, 1]: "ab|", "aba", "b|", "bab"
 * ```
 */
export function sortSuffixesToDepth(text: SymbolText, suffixes: Int32Array, depth: number): void {
  // Pending groups as (low, high, depth) triples: suffixes[low, high) share their first `depth` symbols.
  let stack = new Int32Array(3 * 64);
  let top = 0;
  const push = (low: number, high: number, level: number): void => {
    if (high - low < 2 || level >= depth) return;
    if (top + 3 > stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[top++] = low;
    stack[top++] = high;
    stack[top++] = level;
  };
  // The first symbol by an in-place counting sort (American flag sort: two passes) instead of
  // the quicksort's dozen partitioning passes over all suffixes for a few thousand characters;
  // then each group of equal first symbols from depth 1.
  if (depth > 0) {
    const bucketStarts = sortByFirstSymbol(text, suffixes);
    for (let symbol = 2; symbol + 1 < bucketStarts.length; symbol++) push(bucketStarts[symbol]!, bucketStarts[symbol + 1]!, 1);
  }
  while (top > 0) {
    const level = stack[--top]!;
    const high = stack[--top]!;
    const low = stack[--top]!;
    if (high - low <= insertionSortSize) {
      insertionSort(text, suffixes, low, high, level, depth);
      continue;
    }
    // Median of three symbols as the pivot (sorted or repetitive groups stay balanced).
    const first = text[suffixes[low]! + level]!;
    const middle = text[suffixes[(low + high) >>> 1]! + level]!;
    const last = text[suffixes[high - 1]! + level]!;
    const pivot = first < middle ? (middle < last ? middle : first < last ? last : first) : first < last ? first : middle < last ? last : middle;
    // Dijkstra's three-way partition: [low, less) < pivot, [less, index) = pivot, (greater, high) > pivot.
    let less = low;
    let greater = high - 1;
    for (let index = low; index <= greater; ) {
      const suffix = suffixes[index]!;
      const symbol = text[suffix + level]!;
      if (symbol < pivot) {
        suffixes[index++] = suffixes[less]!;
        suffixes[less++] = suffix;
      } else if (symbol > pivot) {
        suffixes[index] = suffixes[greater]!;
        suffixes[greater--] = suffix;
      } else index++;
    }
    push(low, less, level);
    push(greater + 1, high, level);
    // A separator or the end closes the key: suffixes equal up to it are done.
    if (pivot > 1) push(less, greater + 1, level + 1);
  }
}

// Orders the suffixes by their first symbol in place; returns where each symbol's group starts
// (group of symbol c: bucketStarts[c] … bucketStarts[c + 1] - 1).
function sortByFirstSymbol(text: SymbolText, suffixes: Int32Array): Int32Array {
  let largest = 0;
  for (let index = 0; index < suffixes.length; index++) if (text[suffixes[index]!]! > largest) largest = text[suffixes[index]!]!;
  const bucketStarts = new Int32Array(largest + 2);
  for (let index = 0; index < suffixes.length; index++) bucketStarts[text[suffixes[index]!]! + 1]!++;
  for (let symbol = 1; symbol < bucketStarts.length; symbol++) bucketStarts[symbol]! += bucketStarts[symbol - 1]!;
  // next[c]: the first slot of group c not yet holding a suffix of symbol c.
  const next = bucketStarts.slice(0, largest + 1);
  for (let symbol = 0; symbol <= largest; symbol++) {
    const end = bucketStarts[symbol + 1]!;
    while (next[symbol]! < end) {
      // Carry the suffix in this slot to its group, taking that slot's suffix along, until one belongs here.
      let suffix = suffixes[next[symbol]!]!;
      let first = text[suffix]!;
      while (first !== symbol) {
        const displaced = suffixes[next[first]!]!;
        suffixes[next[first]!++] = suffix;
        suffix = displaced;
        first = text[suffix]!;
      }
      suffixes[next[symbol]!++] = suffix;
    }
  }
  return bucketStarts;
}

// Sorts suffixes[low, high), which share their first `level` symbols, by symbols level … depth - 1.
function insertionSort(text: SymbolText, suffixes: Int32Array, low: number, high: number, level: number, depth: number): void {
  for (let index = low + 1; index < high; index++) {
    const suffix = suffixes[index]!;
    let slot = index;
    for (; slot > low; slot--) {
      const other = suffixes[slot - 1]!;
      let order = 0;
      for (let offset = level; offset < depth; offset++) {
        const left = text[other + offset]!;
        const right = text[suffix + offset]!;
        if (left !== right) {
          order = left - right;
          break;
        }
        if (left <= 1) break;
      }
      if (order <= 0) break;
      suffixes[slot] = other;
    }
    suffixes[slot] = suffix;
  }
}
