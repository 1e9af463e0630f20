/**
 * A small deterministic generator (mulberry32) so bootstrap resamples, and so standard errors,
 * are identical on every run and machine for a given seed.
 *
 * @example
 * ```ts
 * const random = createSeededRandom(12345);
 * random(); // a float in [0, 1), the same sequence every time
 * ```
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
