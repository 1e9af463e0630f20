/**
 * How the Unigram trainer's threads share the word table (and pruning's pieces): by measured
 * speed, not by size. Equal numbers of characters are not equal work — on the 20 MB benchmark
 * the first shard's words (Latin script, sorted first) have ~10 % more lattice edges, and the
 * calling thread runs ~10–25 % slower per edge than a worker — so with an even split the worker
 * waited a fifth of every E step. After each step the threads' speeds (characters per
 * millisecond of their own compute time) update a running estimate, and the next step splits
 * the characters in proportion to it. Which thread adds which words never changes the sums (they
 * are exact, see UnigramLattices.expectedCounts), so the model is the same for any split.
 *
 * @example
 * ```ts
 * const shares = new ThreadShares(table.offsets, 2);
 * const [first, middle, last] = shares.boundaries; // words of thread 0: first … middle - 1
 * shares.update([900, 600]); // thread 0 took 900 ms, thread 1 600 ms: thread 0 gets fewer words
 * ```
 */
export class ThreadShares {
  /** Word boundaries: thread t serves words `boundaries[t]` … `boundaries[t + 1] - 1`. */
  boundaries: number[];
  /** Each thread's estimated speed, relative (they sum to 1). */
  readonly speeds: number[];

  constructor(
    private readonly offsets: Int32Array,
    threads: number,
  ) {
    this.speeds = Array.from({ length: threads }, () => 1 / threads);
    this.boundaries = weightedBoundaries(offsets, this.speeds);
  }

  /**
   * Updates the speeds from the compute time (any unit) each thread took for its current share,
   * and the boundaries from them. A time of 0 (a shard with nothing to do) leaves the estimate as is.
   */
  update(times: readonly number[]): void {
    const total = this.offsets[this.offsets.length - 1]!;
    const measured = times.map((time, thread) => {
      const characters = this.offsets[this.boundaries[thread + 1]!]! - this.offsets[this.boundaries[thread]!]!;
      return time > 0 && characters > 0 ? characters / total / time : 0;
    });
    const sum = measured.reduce((left, right) => left + right, 0);
    if (measured.some((speed) => speed === 0) || !(sum > 0)) return;
    // Half the old estimate, half the new measurement: one noisy step (another process on the
    // core) moves the split only halfway.
    for (let thread = 0; thread < this.speeds.length; thread++) this.speeds[thread] = 0.5 * this.speeds[thread]! + (0.5 * measured[thread]!) / sum;
    this.boundaries = weightedBoundaries(this.offsets, this.speeds);
  }
}

/** Splits the words into contiguous ranges whose character counts are in proportion to `weights`. */
function weightedBoundaries(offsets: Int32Array, weights: readonly number[]): number[] {
  const words = offsets.length - 1;
  const total = offsets[words]!;
  const weightSum = weights.reduce((left, right) => left + right, 0);
  const boundaries = [0];
  let word = 0;
  let cumulative = 0;
  for (let part = 0; part < weights.length - 1; part++) {
    cumulative += weights[part]!;
    const target = (total * cumulative) / weightSum;
    while (word < words && offsets[word]! < target) word++;
    boundaries.push(word);
  }
  boundaries.push(words);
  return boundaries;
}
