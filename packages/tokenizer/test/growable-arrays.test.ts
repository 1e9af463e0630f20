import { OellmError } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { grow, growableFloat64Array, growableInt32Array, growableUint8Array } from '../src/training/growable-arrays.js';

const maxByteLength = (array: ArrayBufferView): number => (array.buffer as ArrayBuffer & { maxByteLength: number }).maxByteLength;

describe('growable arrays', () => {
  it('grow in place: the same array object, values kept, new elements zero', () => {
    const array = growableInt32Array(4, 1000);
    array.set([1, 2, 3, 4]);
    expect(grow(array, 5)).toBe(array);
    expect(array.length).toBeGreaterThanOrEqual(5);
    expect([...array.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    expect([...array.subarray(4)].every((value) => value === 0)).toBe(true);
    const floats = growableFloat64Array(2, 100);
    floats[1] = 0.5;
    expect(grow(floats, 50)).toBe(floats);
    expect(floats.length).toBeGreaterThanOrEqual(50);
    expect(floats[1]).toBe(0.5);
    const bytes = growableUint8Array(1, 10);
    expect(grow(bytes, 10)).toBe(bytes);
    expect(bytes.length).toBe(10); // capped at the reservation
  });

  it('does nothing when long enough', () => {
    const array = growableInt32Array(8, 16);
    expect(grow(array, 8)).toBe(array);
    expect(array.length).toBe(8);
  });

  it('past its reservation, moves to a bigger buffer by one copy and releases the old one', () => {
    const array = growableInt32Array(8, 16);
    array.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const grown = grow(array, 17);
    expect(grown).not.toBe(array);
    expect(grown.length).toBeGreaterThanOrEqual(17);
    expect([...grown.subarray(0, 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...grown.subarray(8)].every((value) => value === 0)).toBe(true);
    expect(array.length).toBe(0); // released at once
    // The new buffer is growable again, in place.
    expect(grow(grown, grown.length + 1)).toBe(grown);
    // A plain typed array grows the same way.
    const plain = grow(new Float64Array([0.25, 0.5]), 3);
    expect(plain.length).toBeGreaterThanOrEqual(3);
    expect([...plain.subarray(0, 3)]).toEqual([0.25, 0.5, 0]);
  });

  it('a reservation the system refuses is retried smaller instead of failing', () => {
    // 2^46 bytes (64 TiB) is more address space than a process has: a RangeError, then halving.
    const array = growableUint8Array(64, 2 ** 46);
    expect(array.length).toBe(64);
    expect(maxByteLength(array)).toBeLessThan(2 ** 46);
    expect(maxByteLength(array)).toBeGreaterThanOrEqual(64);
    array[63] = 7;
    expect(grow(array, 1000)[63]).toBe(7);
  });

  it('memory that cannot be had is a clear oellm error naming the cause and the option, not a bare RangeError', () => {
    let thrown: unknown;
    try {
      growableUint8Array(2 ** 46, 2 ** 46);
    } catch (error) {
      thrown = error;
    }
    expect(OellmError.isInstance(thrown)).toBe(true);
    expect((thrown as OellmError).code).toBe('out_of_memory');
    expect((thrown as Error).message).toMatch(/ulimit -v/);
    expect((thrown as Error).message).toMatch(/maximumWordTableSize/);
  });
});
