import { describe, expect, it } from 'vitest';
import { sortIndices } from '../src/training/sort-indices.js';

// A small deterministic generator (xorshift), so failures reproduce.
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

describe('sortIndices', () => {
  it('orders indices as Array.prototype.sort does for a total order, on random, sorted, reversed and repetitive keys', () => {
    const random = generator(7);
    for (const size of [0, 1, 2, 3, 16, 17, 100, 5000]) {
      for (const shape of ['random', 'sorted', 'reversed', 'few distinct']) {
        const keys = Array.from({ length: size }, (_, index) =>
          shape === 'random' ? random() : shape === 'sorted' ? index : shape === 'reversed' ? size - index : Math.floor(random() * 3),
        );
        // Ties by index make the order total, as the seed search's comparators are.
        const compare = (left: number, right: number): number => keys[left]! - keys[right]! || left - right;
        const indices = Int32Array.from({ length: size }, (_, index) => index).reverse();
        const expected = Array.from({ length: size }, (_, index) => index).sort(compare);
        expect(Array.from(sortIndices(indices, compare)), `${shape} ${size}`).toEqual(expected);
      }
    }
  });
});
