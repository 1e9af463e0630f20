import { describe, expect, it } from 'vitest';
import { growableFloat64Array, growableInt32Array, growableUint8Array, growInPlace } from '../src/training/growable-arrays.js';

describe('growable arrays', () => {
  it('grow in place: the same array object, values kept, new elements zero', () => {
    const array = growableInt32Array(4, 1000);
    array.set([1, 2, 3, 4]);
    growInPlace(array, 5);
    expect(array.length).toBeGreaterThanOrEqual(5);
    expect([...array.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    expect([...array.subarray(4)].every((value) => value === 0)).toBe(true);
    const floats = growableFloat64Array(2, 100);
    floats[1] = 0.5;
    growInPlace(floats, 50);
    expect(floats.length).toBeGreaterThanOrEqual(50);
    expect(floats[1]).toBe(0.5);
    const bytes = growableUint8Array(1, 10);
    growInPlace(bytes, 10);
    expect(bytes.length).toBe(10); // capped at the maximum
  });

  it('does nothing when long enough and refuses to pass the maximum', () => {
    const array = growableInt32Array(8, 16);
    growInPlace(array, 8);
    expect(array.length).toBe(8);
    expect(() => growInPlace(array, 17)).toThrow(RangeError);
  });
});
