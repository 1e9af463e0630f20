import { growableFloat64Array, growableInt32Array, grow, releaseGrowable } from './growable-arrays.js';

/**
 * A max-heap of (count, pair) on typed arrays for BPE training. Counts of queued pairs only
 * fall while merging (new pairs are pushed once, when they first appear), so entries are
 * invalidated lazily: the caller re-keys a stale top with {@link replaceTop} instead of pushing
 * again, and the heap holds at most one entry per pair.
 */
export class BpePairQueue {
  // Grown in place within their reservation (see growable-arrays.ts), by one copy past it.
  private counts: Float64Array;
  private pairs: Int32Array;
  size = 0;

  /**
   * `tieBefore(a, b)`: whether pair a goes first when both have the same count. `reservedEntries`:
   * the most entries expected (at most one per pair), reserved as address space.
   */
  constructor(
    private readonly tieBefore: (a: number, b: number) => boolean,
    reservedEntries = 1 << 22,
  ) {
    this.counts = growableFloat64Array(1024, Math.max(1024, reservedEntries));
    this.pairs = growableInt32Array(1024, Math.max(1024, reservedEntries));
  }

  topPair(): number {
    return this.pairs[0]!;
  }

  topCount(): number {
    return this.counts[0]!;
  }

  private before(countA: number, pairA: number, countB: number, pairB: number): boolean {
    return countA > countB || (countA === countB && this.tieBefore(pairA, pairB));
  }

  /** Returns the queue's memory at once (see releaseGrowable); the queue must not be used afterwards. */
  release(): void {
    releaseGrowable(this.counts);
    releaseGrowable(this.pairs);
    this.size = 0;
  }

  /** Appends without ordering; call {@link heapify} once after a batch of appends. */
  append(count: number, pair: number): void {
    if (this.size === this.counts.length) {
      this.counts = grow(this.counts, this.size + 1);
      this.pairs = grow(this.pairs, this.size + 1);
    }
    this.counts[this.size] = count;
    this.pairs[this.size] = pair;
    this.size++;
  }

  heapify(): void {
    for (let index = (this.size >> 1) - 1; index >= 0; index--) this.siftDown(index);
  }

  push(count: number, pair: number): void {
    this.append(count, pair);
    let index = this.size - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(count, pair, this.counts[parent]!, this.pairs[parent]!)) break;
      this.counts[index] = this.counts[parent]!;
      this.pairs[index] = this.pairs[parent]!;
      index = parent;
    }
    this.counts[index] = count;
    this.pairs[index] = pair;
  }

  pop(): void {
    this.size--;
    if (this.size === 0) return;
    this.counts[0] = this.counts[this.size]!;
    this.pairs[0] = this.pairs[this.size]!;
    this.siftDown(0);
  }

  /** Gives the top entry a new (lower) count and restores the order. */
  replaceTop(count: number): void {
    this.counts[0] = count;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const count = this.counts[start]!;
    const pair = this.pairs[start]!;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= this.size) break;
      let best = left;
      if (left + 1 < this.size && this.before(this.counts[left + 1]!, this.pairs[left + 1]!, this.counts[left]!, this.pairs[left]!)) best = left + 1;
      if (!this.before(this.counts[best]!, this.pairs[best]!, count, pair)) break;
      this.counts[index] = this.counts[best]!;
      this.pairs[index] = this.pairs[best]!;
      index = best;
    }
    this.counts[index] = count;
    this.pairs[index] = pair;
  }
}
