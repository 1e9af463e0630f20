// Deterministic synthetic weights for comparisons with the oracle.

/** mulberry32: a small seeded generator, so a failing case can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Distribution = 'normal' | 'uniform' | 'heavy-tailed' | 'all-zero' | 'constant' | 'mixed-scale';

export const distributions: readonly Distribution[] = ['normal', 'uniform', 'heavy-tailed', 'all-zero', 'constant', 'mixed-scale'];

export function syntheticRows(distribution: Distribution, rows: number, columns: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out = new Float32Array(rows * columns);
  for (let i = 0; i < out.length; i++) {
    switch (distribution) {
      case 'normal': out[i] = 0.02 * normal(); break;
      case 'uniform': out[i] = 2 * random() - 1; break;
      // Student-t with 1 degree of freedom (Cauchy): rare huge outliers among small weights.
      case 'heavy-tailed': out[i] = 0.01 * Math.tan(Math.PI * (random() - 0.5)); break;
      case 'all-zero': out[i] = 0; break;
      case 'constant': out[i] = 0.3125; break;
      // Each 16-weight group at its own scale, some all positive: exercises the min/scale searches.
      case 'mixed-scale': out[i] = (i % 64 < 16 ? Math.abs(normal()) : normal()) * 10 ** (((i >> 4) % 7) - 4); break;
    }
  }
  return out;
}

/** A positive importance vector like llama-imatrix produces (mean of squared activations). */
export function syntheticImportance(columns: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(columns);
  for (let i = 0; i < columns; i++) out[i] = (0.05 + random() * 2) ** 2;
  return out;
}
