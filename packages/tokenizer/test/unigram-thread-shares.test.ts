import { describe, expect, it } from 'vitest';
import { ThreadShares } from '../src/training/unigram-thread-shares.js';
import { pruningBoundaries } from '../src/training/unigram-pruning.js';

// 100 words of 10 characters each: offsets 0, 10, …, 1000.
const offsets = Int32Array.from({ length: 101 }, (_, word) => word * 10);

describe('ThreadShares (how the Unigram threads split the word table)', () => {
  it('starts with equal characters per thread and covers every word once', () => {
    const shares = new ThreadShares(offsets, 3);
    expect(shares.boundaries).toEqual([0, 34, 67, 100]);
    expect(shares.speeds.reduce((sum, speed) => sum + speed, 0)).toBeCloseTo(1, 12);
  });

  it('gives a slower thread fewer words, converging to the split where both take the same time', () => {
    const shares = new ThreadShares(offsets, 2);
    // Thread 0 needs 3 ms per word, thread 1 1 ms per word: balanced at 25 / 75 words.
    for (let step = 0; step < 30; step++) {
      const [first, middle, last] = shares.boundaries as [number, number, number];
      shares.update([3 * (middle - first), 1 * (last - middle)]);
    }
    expect(shares.boundaries[1]).toBeGreaterThanOrEqual(24);
    expect(shares.boundaries[1]).toBeLessThanOrEqual(26);
    expect(shares.speeds[0]! / shares.speeds[1]!).toBeCloseTo(1 / 3, 1);
  });

  it('moves only halfway on one measurement, and ignores a step in which a thread had nothing to measure', () => {
    const shares = new ThreadShares(offsets, 2);
    shares.update([300, 100]); // 50 words each: thread 0 measured three times slower
    expect(shares.speeds[0]).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.25, 12);
    const before = [...shares.boundaries];
    shares.update([0, 100]);
    expect(shares.boundaries).toEqual(before);
  });
});

describe('pruningBoundaries', () => {
  it('splits the alive pieces by length squared in proportion to the shares; dead pieces weigh nothing', () => {
    const pieces = { symbols: new Int32Array(0), starts: new Int32Array(8), lengths: Int32Array.of(1, 1, 2, 2, 4, 4, 1, 1), alphabetSize: 2 };
    const alive = Uint8Array.of(1, 1, 1, 1, 0, 1, 1, 1);
    // Work 1 + 1 + 4 + 4 + 0 + 16 + 1 + 1 = 28, cumulative 1, 2, 6, 10, 10, 26, 27, 28: half (14)
    // is first reached with piece 5, a quarter (7) with piece 3.
    expect(pruningBoundaries(pieces, alive, [1, 1])).toEqual([0, 6, 8]);
    expect(pruningBoundaries(pieces, alive, [1, 3])).toEqual([0, 4, 8]);
    expect(pruningBoundaries(pieces, alive, [1])).toEqual([0, 8]);
  });
});
