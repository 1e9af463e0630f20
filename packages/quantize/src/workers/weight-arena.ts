/**
 * A ring of memory for the tensors in flight (the one being quantised and the one read ahead),
 * taken and released in order. Its capacity is the largest tensor, so read-ahead never makes peak
 * memory grow past one largest tensor; and the buffer is reused, which matters for shared memory
 * that idle workers would otherwise keep alive.
 */
export interface WeightArena {
  /** A region of `byteLength` bytes after the regions in use, or undefined while there is no room. */
  tryTake(byteLength: number): Uint8Array | undefined;
  /** Releases the oldest region in use (regions are released in the order they were taken). */
  releaseOldest(): void;
}

/** A {@link WeightArena} of `capacity` bytes from `allocate` (e.g. a pool's shared memory). */
export function createWeightArena(allocate: (byteLength: number) => Uint8Array, capacity: number): WeightArena {
  const buffer = allocate(capacity);
  const regions: Array<{ start: number; end: number }> = [];
  return {
    tryTake(byteLength) {
      let start = 0;
      const oldest = regions[0];
      const newest = regions.at(-1);
      if (oldest && newest) {
        // Wrapped: the newest region lies before the oldest, the free space between them.
        const wrapped = newest.start < oldest.start;
        if (!wrapped && newest.end + byteLength <= capacity) start = newest.end;
        else if (!wrapped && byteLength <= oldest.start) start = 0;
        else if (wrapped && newest.end + byteLength <= oldest.start) start = newest.end;
        else return undefined;
      } else if (byteLength > capacity) {
        return undefined;
      }
      regions.push({ start, end: start + byteLength });
      return buffer.subarray(start, start + byteLength);
    },
    releaseOldest() {
      regions.shift();
    },
  };
}
