// Sorts of index arrays by typed-array keys for the Unigram seed search: LSD radix sorts, linear
// and without comparator calls (a comparison quicksort over a million seeds took about two
// seconds), stable, in place with one scratch array (TypedArray.prototype.sort with a comparator
// would copy the elements into the JS heap, tens of MB at the seed search's memory peak).

// Radix sorts take 16 bits of the key per pass (65,536 counters, 256 KB), and skip a pass where
// every index has the same digit (small keys, or doubles with zero low mantissa bits).
const digitBits = 16;
const digitMask = (1 << digitBits) - 1;

/**
 * Sorts `indices` in place, stably, by `key(index)` for the digit passes that `digitOf` gives:
 * one LSD radix pass per digit, least significant first. `scratch` holds at least
 * `indices.length` elements.
 */
function radixPasses(indices: Int32Array, scratch: Int32Array, passes: number, digitOf: (index: number, pass: number) => number): void {
  const count = indices.length;
  const buckets = new Int32Array(digitMask + 2);
  let source = indices;
  let target = scratch.subarray(0, count);
  for (let pass = 0; pass < passes; pass++) {
    buckets.fill(0);
    for (let position = 0; position < count; position++) buckets[digitOf(source[position]!, pass) + 1]!++;
    // A pass whose digit is the same for every index would only copy.
    let constant = false;
    for (let digit = 1; digit <= digitMask + 1; digit++) {
      if (buckets[digit] === count) constant = true;
      buckets[digit]! += buckets[digit - 1]!;
    }
    if (constant) continue;
    for (let position = 0; position < count; position++) {
      const index = source[position]!;
      target[buckets[digitOf(index, pass)]!++] = index;
    }
    [source, target] = [target, source];
  }
  if (source !== indices) indices.set(source);
}

/**
 * Sorts `indices` in place by `keys[index]` descending — stably, so equal keys keep their order
 * in `indices` — by LSD radix sort over the bits of the doubles (linear, no comparator calls).
 * Keys must be non-negative (then the order of their bit patterns is their numeric order) and
 * not NaN; `scratch` holds at least `indices.length` elements.
 *
 * @example
 * ```ts
 * const indices = Int32Array.of(0, 1, 2, 3);
 * sortIndicesByDescendingKey(indices, Float64Array.of(1, 3, 1, 2), new Int32Array(4)); // [1, 3, 0, 2]
 * ```
 */
export function sortIndicesByDescendingKey(indices: Int32Array, keys: Float64Array, scratch: Int32Array): Int32Array {
  // The doubles' words: the low one at 2k, the high one at 2k + 1 (typed arrays are little-endian on every platform Node runs on).
  const words = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
  radixPasses(indices, scratch, 4, (index, pass) => digitMask - ((words[2 * index + (pass >> 1)]! >>> ((pass & 1) * digitBits)) & digitMask));
  return indices;
}

/**
 * Sorts `indices` in place by `primary[index]`, then `secondary[index]`, both ascending and
 * both non-negative 32-bit integers, stably (LSD radix sort: linear, no comparator calls);
 * `scratch` holds at least `indices.length` elements.
 *
 * @example
 * ```ts
 * const indices = Int32Array.of(0, 1, 2);
 * sortIndicesByAscendingKeys(indices, Int32Array.of(5, 2, 5), Int32Array.of(3, 1, 2), new Int32Array(3)); // [1, 2, 0]
 * ```
 */
export function sortIndicesByAscendingKeys(indices: Int32Array, primary: Int32Array, secondary: Int32Array, scratch: Int32Array): Int32Array {
  radixPasses(indices, scratch, 4, (index, pass) => ((pass < 2 ? secondary[index]! : primary[index]!) >>> ((pass & 1) * digitBits)) & digitMask);
  return indices;
}
