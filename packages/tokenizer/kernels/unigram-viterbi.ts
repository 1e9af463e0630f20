// The Unigram Viterbi kernel. Pointers are byte offsets into this module's memory; the host lays
// out the buffers (see src/encoder/unigram-kernel.ts) and grows the memory before each call.

/**
 * The trie's nodes, 8 bytes each: base (bit 31 set when a piece ends at the node) and check. Half
 * the JavaScript layout's 16 bytes, so the trie of a 32,000-piece model (about 115,000 nodes) fits
 * a 1 MB second-level cache; the piece of a node is read only when bit 31 says there is one.
 */
export let units: usize = 0;
/** Per node with a piece, 8 bytes: its id (i32) and score (f32, NaN for a user-defined piece). */
export let payloads: usize = 0;
/** What each id adds to a path score (float64), for user-defined pieces and the unknown node. */
let terms: usize = 0;
let unknownScore: f64 = 0;
let unknownId: i32 = 0;
let largestTerm: f64 = 0;
let lastSmallestMargin: f64 = Infinity;
let lastLargestMagnitude: f64 = 0;

/** First free byte after the module's own data. */
export function heapStart(): usize {
  return __heap_base;
}

/** Sets the model: `unitsPointer` holds the trie's nodes, `termsPointer` one float64 per id. */
export function setModel(unitsPointer: usize, payloadsPointer: usize, termsPointer: usize, unknown: f64, unknownPieceId: i32, largest: f64): void {
  units = unitsPointer;
  payloads = payloadsPointer;
  terms = termsPointer;
  unknownScore = unknown;
  unknownId = unknownPieceId;
  largestTerm = largest;
}

/** After a call with `measure`: the smallest |candidate − best so far| over every comparison. */
export function smallestMargin(): f64 {
  return lastSmallestMargin;
}

/** After a call with `measure`: an upper bound of every |candidate path score|. */
export function largestMagnitude(): f64 {
  return lastLargestMagnitude;
}

/**
 * The best segmentation of the `size` bytes at `input`, from path score `seed`. Scratch: float32
 * best scores at `bestScore`, int32 best starts at `bestStart` and ids at `bestId` (size + 1 each).
 * Writes the pieces first to last: ids at `outIds`, byte lengths at `outLengths`, score terms
 * (float64) at `outScores`; returns their count.
 */
export function viterbi(
  input: usize, size: i32, seed: f64, measure: i32,
  bestScore: usize, bestStart: usize, bestId: usize, outIds: usize, outLengths: usize, outScores: usize,
): i32 {
  lastSmallestMargin = Infinity;
  lastLargestMagnitude = 0;
  if (size <= 0) return 0;
  forward(input, size, seed, measure, bestScore, bestStart, bestId);
  // Backtrack: the ends of the pieces, last to first, into the best scores' memory (no longer
  // needed), then the pieces first to last, with the term each added (the word cache replays them).
  const ends = bestScore;
  const count = backtrack(size, bestScore, bestStart);
  for (let index: i32 = 0; index < count; index++) {
    const endsAt = load<i32>(ends + (<usize>(count - 1 - index) << 2));
    const id = load<i32>(bestId + (<usize>endsAt << 2));
    store<i32>(outIds + (<usize>index << 2), id);
    store<i32>(outLengths + (<usize>index << 2), endsAt - load<i32>(bestStart + (<usize>endsAt << 2)));
    store<f64>(outScores + (<usize>index << 3), load<f64>(terms + (<usize>id << 3)));
  }
  return count;
}

/**
 * Writes the ends of the best path's pieces, last to first, over the best scores at `bestScore`
 * (no longer needed after {@link forward}); returns their count.
 */
export function backtrack(size: i32, bestScore: usize, bestStart: usize): i32 {
  let count: i32 = 0;
  for (let endsAt = size; endsAt > 0; endsAt = load<i32>(bestStart + (<usize>endsAt << 2))) {
    store<i32>(bestScore + (<usize>count << 2), endsAt);
    count++;
  }
  return count;
}

/**
 * The Viterbi's forward pass over the `size` (> 0) bytes at `input` from path score `seed`: for
 * each end position, the best path's score, the start of its last piece and that piece's id.
 */
@inline export function forward(input: usize, size: i32, seed: f64, measure: i32, bestScore: usize, bestStart: usize, bestId: usize): void {
  // -Infinity marks a position no path reaches yet: the first candidate always beats it.
  for (let position = 1; position <= size; position++) store<f32>(bestScore + (<usize>position << 2), -Infinity);
  store<f32>(bestScore, <f32>seed);
  const trie = units;
  const rootWord = load<i32>(trie);
  let smallest: f64 = Infinity;
  let largestPrefix: f64 = 0;
  let startsAt: i32 = 0;
  while (startsAt < size) {
    const scoreTillHere = <f64>load<f32>(bestScore + (<usize>startsAt << 2));
    if (measure != 0 && Math.abs(scoreTillHere) > largestPrefix) largestPrefix = Math.abs(scoreTillHere);
    let hasSingleNode = false;
    const lead = <u32>load<u8>(input + <usize>startsAt);
    let characterLength: i32 = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    if (characterLength > size - startsAt) characterLength = size - startsAt;
    const singleNodeEnd = startsAt + characterLength;
    let node: i32 = 0;
    // The node's first word stays in a register: each step then waits for one read (the child's
    // line, whose two words are read together), not two.
    let word = rootWord;
    let keyPosition = startsAt;
    while (keyPosition < size) {
      const next = (word & 0x7fffffff) + <i32>load<u8>(input + <usize>keyPosition);
      const nextAddress = trie + (<usize>next << 3);
      const check = load<i32>(nextAddress, 4);
      word = load<i32>(nextAddress);
      if (check != node) break;
      node = next;
      keyPosition++;
      if (word >= 0) continue;
      const payload = payloads + (<usize>next << 3);
      const id = load<i32>(payload);
      // In spm the term `user_defined ? length * max_score_ - 0.1 : score` is a double, so the sum
      // is compared in double and only rounded to float when stored.
      let term = <f64>load<f32>(payload, 4);
      if (term != term) term = load<f64>(terms + (<usize>id << 3));
      const candidate = term + scoreTillHere;
      const slot = bestScore + (<usize>keyPosition << 2);
      const margin = candidate - <f64>load<f32>(slot);
      if (margin > 0) {
        store<f32>(slot, <f32>candidate);
        store<i32>(bestStart + (<usize>keyPosition << 2), startsAt);
        store<i32>(bestId + (<usize>keyPosition << 2), id);
      }
      if (measure != 0 && Math.abs(margin) < smallest) smallest = Math.abs(margin);
      if (keyPosition == singleNodeEnd) hasSingleNode = true;
    }
    if (!hasSingleNode) {
      // float + float: this sum is rounded to float before the comparison.
      const candidate = <f64><f32>(unknownScore + scoreTillHere);
      const slot = bestScore + (<usize>singleNodeEnd << 2);
      const margin = candidate - <f64>load<f32>(slot);
      if (margin > 0) {
        store<f32>(slot, <f32>candidate);
        store<i32>(bestStart + (<usize>singleNodeEnd << 2), startsAt);
        store<i32>(bestId + (<usize>singleNodeEnd << 2), unknownId);
      }
      if (measure != 0 && Math.abs(margin) < smallest) smallest = Math.abs(margin);
    }
    startsAt = singleNodeEnd;
  }
  lastSmallestMargin = smallest;
  lastLargestMagnitude = largestPrefix + largestTerm;
}
