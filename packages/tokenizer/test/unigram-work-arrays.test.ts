import { describe, expect, it } from 'vitest';
import { growableInt16Array, growableInt32Array, growableUint16Array, grow, releaseGrowable, shrinkGrowable } from '../src/training/growable-arrays.js';
import { PieceTrie } from '../src/training/piece-trie.js';

// The Unigram trainer's work arrays shrink as pieces die and are released when training ends.
describe('Unigram work arrays', () => {
  it('shrinkGrowable keeps the leading elements and returns the rest; a plain array is left alone', () => {
    const array = growableInt32Array(8, 8);
    array.set([1, 2, 3, 4, 5, 6, 7, 8]);
    shrinkGrowable(array, 3);
    expect(Array.from(array)).toEqual([1, 2, 3]);
    expect(array.buffer.byteLength).toBe(12);
    shrinkGrowable(array, 5); // never grows
    expect(array.length).toBe(3);
    const plain = Int32Array.of(1, 2, 3);
    shrinkGrowable(plain, 1);
    expect(Array.from(plain)).toEqual([1, 2, 3]);
  });

  it('16-bit growable arrays grow in place and release to nothing', () => {
    for (const array of [growableUint16Array(2, 10), growableInt16Array(2, 10)]) {
      array[1] = 7;
      expect(grow(array, 9)).toBe(array); // within the reservation: the same array
      expect(array.length).toBeGreaterThanOrEqual(9);
      expect(array[1]).toBe(7);
      releaseGrowable(array);
      expect(array.length).toBe(0);
    }
  });

  it('a trie build still works after its scratch shrank to the pieces left, and the scratch releases', () => {
    // Pieces "ab", "a", "b" over characters 2 and 3 of a table whose symbols are [2, 3].
    const pieces = { symbols: Int32Array.of(2, 3), starts: Int32Array.of(0, 0, 1), lengths: Int32Array.of(2, 1, 1), alphabetSize: 4 };
    const lexicographicOrder = Int32Array.of(1, 0, 2); // a, ab, b
    const scratch = PieceTrie.scratchFor(3);
    const alive = Uint8Array.of(0, 1, 1); // "ab" died
    shrinkGrowable(scratch.order, 2);
    shrinkGrowable(scratch.common, 2);
    const trie = PieceTrie.build(pieces, Int32Array.of(1, 2), alive);
    const rebuilt = PieceTrie.build(pieces, lexicographicOrder, alive, undefined, scratch);
    expect(Array.from(rebuilt.nodePiece)).toEqual(Array.from(trie.nodePiece));
    expect(rebuilt.nodePiece[rebuilt.child(0, 2)]).toBe(1);
    expect(rebuilt.child(rebuilt.child(0, 2), 3)).toBe(-1);
    PieceTrie.releaseScratch(scratch);
    expect(scratch.order.length + scratch.common.length).toBe(0);
  });
});
