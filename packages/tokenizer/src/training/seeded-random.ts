/** The seed sampling uses when none is given (reservoir sampling and language sampling alike). */
export const defaultRandomSeed = 12345678;

/**
 * mulberry32: a small, fast generator of numbers in [0, 1), good enough for sampling sentences
 * and deterministic per seed, so the same corpus and seed train the same model.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    let value = (state = (state + 0x6d2b79f5) | 0);
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
