/**
 * The internal nodes of a suffix tree, up to a depth, over a text of small integer symbols:
 * the substrings that occur at least twice and branch to the right (not every occurrence
 * continues with the same symbol). This is what sentencepiece's MakeSeedSentencePieces takes
 * from esaxx's enhanced suffix array, here with a weight per text position so that a table of
 * distinct words with counts gives the counts of the whole corpus.
 *
 * Symbol 0 ends the text (once, last) and symbol 1 separates words; no substring spans either.
 * Suffixes are sorted only to `maximumDepth + 1` symbols (prefix doubling, Manber–Myers), which
 * is all a seed piece of at most `maximumDepth` characters needs, and takes linear memory.
 * `onSubstring` gets a position of the substring, its length, its weight and its interval's left
 * bound in the suffix order (so (left bound, length) orders substrings lexicographically).
 * `suffixes` comes from {@link sortSuffixesToDepth} with depth `maximumDepth + 1`.
 */
export function forEachRepeatedSubstring(
  text: Int32Array,
  suffixes: Int32Array,
  positionWeight: (position: number) => number,
  maximumDepth: number,
  onSubstring: (position: number, depth: number, weight: number, leftBound: number) => void,
): void {
  const length = text.length;
  const cap = maximumDepth + 1;
  // Bottom-up traversal of the lcp intervals (Abouelhoda, Kurtz & Ohlebusch 2004); each stack
  // entry is an interval: its depth, left bound and the weight of the leaves seen so far.
  const stackDepth = new Int32Array(cap + 2);
  const stackLeft = new Int32Array(cap + 2);
  const stackWeight = new Float64Array(cap + 2);
  let top = 0;
  for (let index = 0; index < length; index++) {
    let pending = positionWeight(suffixes[index]!);
    let common = 0;
    if (index + 1 < length) {
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

/**
 * Suffix start positions sorted by their first `depth` (or more) symbols; ties in any fixed
 * order. The text (which must end with a unique smallest symbol 0) is made by `makeText` and
 * only read at the start, so it need not be held during the sort (less peak memory). Returns the
 * order and a spare array of the same length the caller may reuse.
 */
export function sortSuffixesToDepth(makeText: () => Int32Array, alphabetSize: number, depth: number): { suffixes: Int32Array; spare: Int32Array } {
  let text: Int32Array | undefined = makeText();
  const length = text.length;
  let suffixes = new Int32Array(length);
  let rank = new Int32Array(length);
  const starts = new Int32Array(alphabetSize + 1);
  for (let position = 0; position < length; position++) starts[text![position]! + 1]!++;
  for (let symbol = 0; symbol < alphabetSize; symbol++) starts[symbol + 1]! += starts[symbol]!;
  for (let position = 0; position < length; position++) rank[position] = starts[text![position]!]!;
  for (let position = 0; position < length; position++) suffixes[starts[text![position]!]!++] = position;
  text = undefined; // not needed for the doubling rounds
  // rank[i] is the index in `suffixes` where the group of suffixes equal to i's sorted prefix starts.
  let next = new Int32Array(length);
  const cursor = new Int32Array(length);
  let groups = 0;
  for (let index = 0; index < length; index++) if (index === 0 || rank[suffixes[index]!] !== rank[suffixes[index - 1]!]) groups++;
  for (let sorted = 1; sorted < depth && groups < length; sorted *= 2) {
    for (let index = 0; index < length; index++) cursor[index] = index;
    // Order by (first `sorted` symbols, next `sorted` symbols): suffixes too short for a second
    // half come first in their group, then the others in the order of their second half.
    for (let position = Math.max(0, length - sorted); position < length; position++) next[cursor[rank[position]!]!++] = position;
    for (let index = 0; index < length; index++) {
      const position = suffixes[index]! - sorted;
      if (position >= 0) next[cursor[rank[position]!]!++] = position;
    }
    const previousRank = rank;
    const newRank = suffixes; // reused: the old order is no longer needed
    groups = 1;
    newRank[next[0]!] = 0;
    for (let index = 1; index < length; index++) {
      const left = next[index - 1]!;
      const right = next[index]!;
      const same = previousRank[left] === previousRank[right] && (left + sorted < length ? previousRank[left + sorted]! : -1) === (right + sorted < length ? previousRank[right + sorted]! : -1);
      if (same) newRank[right] = newRank[left]!;
      else {
        newRank[right] = index;
        groups++;
      }
    }
    suffixes = next;
    next = previousRank;
    rank = newRank;
  }
  return { suffixes, spare: next };
}
