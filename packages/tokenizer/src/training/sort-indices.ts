// Below this many elements a range is finished by insertion sort.
const insertionSortSize = 16;

/**
 * Sorts an Int32Array of indices in place by a comparator (a total order: ties make the result
 * depend on the algorithm). `TypedArray.prototype.sort` with a comparator copies the elements
 * into the JS heap and merge-sorts them with a work array of the same size; for the Unigram
 * seeds (about a million indices) that is tens of MB of heap at the seed search's memory peak,
 * where this quicksort needs none.
 *
 * @example
 * ```ts
 * const weights = [5, 1, 3];
 * const indices = Int32Array.of(0, 1, 2);
 * sortIndices(indices, (left, right) => weights[left]! - weights[right]!); // [1, 2, 0]
 * ```
 */
export function sortIndices(indices: Int32Array, compare: (left: number, right: number) => number): Int32Array {
  // Pending ranges as (low, high) pairs; the larger half is pushed, so the stack stays logarithmic.
  const stack: number[] = [0, indices.length];
  while (stack.length > 0) {
    let high = stack.pop()!;
    let low = stack.pop()!;
    while (high - low > insertionSortSize) {
      const middle = (low + high) >>> 1;
      // Median of three as the pivot (sorted and reversed input stay balanced).
      if (compare(indices[middle]!, indices[low]!) < 0) swap(indices, middle, low);
      if (compare(indices[high - 1]!, indices[low]!) < 0) swap(indices, high - 1, low);
      if (compare(indices[high - 1]!, indices[middle]!) < 0) swap(indices, high - 1, middle);
      const pivot = indices[middle]!;
      // Hoare partition: [low, split] ≤ pivot ≤ [split + 1, high).
      let left = low - 1;
      let right = high;
      for (;;) {
        do left++;
        while (compare(indices[left]!, pivot) < 0);
        do right--;
        while (compare(indices[right]!, pivot) > 0);
        if (left >= right) break;
        swap(indices, left, right);
      }
      const split = right + 1;
      if (split - low < high - split) {
        stack.push(split, high);
        high = split;
      } else {
        stack.push(low, split);
        low = split;
      }
    }
    for (let index = low + 1; index < high; index++) {
      const value = indices[index]!;
      let slot = index;
      for (; slot > low && compare(indices[slot - 1]!, value) > 0; slot--) indices[slot] = indices[slot - 1]!;
      indices[slot] = value;
    }
  }
  return indices;
}

function swap(indices: Int32Array, left: number, right: number): void {
  const value = indices[left]!;
  indices[left] = indices[right]!;
  indices[right] = value;
}
