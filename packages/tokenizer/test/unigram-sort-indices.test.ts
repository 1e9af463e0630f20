import { describe, expect, it } from 'vitest';
import { sortIndicesByAscendingKeys, sortIndicesByDescendingKey } from '../src/training/sort-indices.js';

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

describe('radix sorts of indices', () => {
  // Keys that stress every 16-bit digit of a double: zeros, subnormals, integers (zero low
  // mantissa words, so passes are skipped), values differing only in the lowest bit, huge ones,
  // and many ties (the sort must be stable: ties keep their order in the input).
  function adversarialDoubles(size: number, random: () => number): Float64Array {
    const pool = [0, 5e-324, 1e-310, 1, 2, 3, 1 + 2 ** -52, 1 + 2 ** -51, 2 ** 31, 2 ** 32 + 1, 2 ** 52 + 1, 1e300, Number.MAX_VALUE, 0.1, 0.30000000000000004];
    return Float64Array.from({ length: size }, () => (random() < 0.5 ? pool[Math.floor(random() * pool.length)]! : random() * 10 ** Math.floor(random() * 12)));
  }

  it('sortIndicesByDescendingKey gives what a stable comparison sort by key descending gives', () => {
    const random = generator(29);
    for (const size of [0, 1, 2, 7, 100, 20_000]) {
      const keys = adversarialDoubles(size, random);
      // A shuffled input order, so stability is visible.
      const input = Int32Array.from({ length: size }, (_, index) => index).sort(() => random() - 0.5);
      const positionInInput = new Int32Array(size);
      input.forEach((index, position) => (positionInInput[index] = position));
      const expected = Array.from(input).sort((left, right) => keys[right]! - keys[left]! || positionInInput[left]! - positionInInput[right]!);
      expect(Array.from(sortIndicesByDescendingKey(Int32Array.from(input), keys, new Int32Array(size))), `size ${size}`).toEqual(expected);
    }
  });

  it('sortIndicesByDescendingKey reads keys through a growable array over a larger buffer', () => {
    const keys = new Float64Array(new ArrayBuffer(8 * 8), 16, 4);
    keys.set([3, 1, 3, 2]);
    expect(Array.from(sortIndicesByDescendingKey(Int32Array.of(0, 1, 2, 3), keys, new Int32Array(4)))).toEqual([0, 2, 3, 1]);
  });

  it('sortIndicesByAscendingKeys orders by the primary key, then the secondary one, over the whole 31-bit range', () => {
    const random = generator(31);
    for (const size of [0, 1, 3, 100, 20_000]) {
      const small = random() < 0.5;
      const key = (): number => (small ? Math.floor(random() * 5) : random() < 0.3 ? 2 ** 31 - 1 - Math.floor(random() * 3) : Math.floor(random() * 2 ** 31));
      const primary = Int32Array.from({ length: size }, key);
      const secondary = Int32Array.from({ length: size }, key);
      const input = Int32Array.from({ length: size }, (_, index) => index).reverse();
      const expected = Array.from(input).sort((left, right) => primary[left]! - primary[right]! || secondary[left]! - secondary[right]! || right - left);
      expect(Array.from(sortIndicesByAscendingKeys(input, primary, secondary, new Int32Array(size))), `size ${size}`).toEqual(expected);
    }
  });
});
