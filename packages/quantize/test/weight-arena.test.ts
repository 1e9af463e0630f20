import { describe, expect, it } from 'vitest';
import { createWeightArena } from '../src/workers/weight-arena.js';

describe('createWeightArena', () => {
  it('places regions one after another, wraps to the start, and refuses what would overlap', () => {
    const arena = createWeightArena((length) => new Uint8Array(length), 100);
    const first = arena.tryTake(60)!;
    expect(first.byteOffset).toBe(0);
    expect(arena.tryTake(50)).toBeUndefined(); // 60 + 50 > 100 and no room before the first
    const second = arena.tryTake(40)!;
    expect(second.byteOffset).toBe(60);
    arena.releaseOldest(); // the first: 0..60 free again
    const third = arena.tryTake(55)!;
    expect(third.byteOffset).toBe(0); // wrapped before the second
    expect(arena.tryTake(10)).toBeUndefined(); // 55..60 holds only 5
    arena.releaseOldest();
    arena.releaseOldest();
    expect(arena.tryTake(100)!.byteOffset).toBe(0);
    expect(arena.tryTake(0)).toBeDefined();
  });

  it('never hands out a region larger than its capacity', () => {
    const arena = createWeightArena((length) => new Uint8Array(length), 10);
    expect(arena.tryTake(11)).toBeUndefined();
  });
});
