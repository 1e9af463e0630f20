import { describe, expect, it } from 'vitest';
import { createQuantizePool, q2_K, q3_K, q4_0, q4_1, q4_K, q5_0, q5_1, q5_K, q6_K, q8_0 } from '../src/index.js';
import { oracleQuantize } from './support/ggml-oracle.js';
import { seededRandom, syntheticImportance, syntheticRows } from './support/synthetic-rows.js';

// The WebAssembly kernels against ggml_quantize_chunk on what the row tests of
// quant-types-oracle.test.ts do not reach: many chunks of the kernel's memory (and a last partial
// chunk), blocks whose largest magnitude is negative, repeated or zero with
// negative zeros, and values that land exactly halfway between two levels (rounding of ties).
const kernelTypes = [q8_0, q4_0, q4_1, q5_0, q5_1, q2_K, q3_K, q4_K, q5_K, q6_K];

function edgeRows(rows: number, columns: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = syntheticRows('normal', rows, columns, seed);
  for (let block = 0; block < out.length / 32; block++) {
    const at = block * 32;
    switch (block % 6) {
      case 0: for (let j = 0; j < 32; j++) out[at + j] = -0; break; // an all negative-zero block
      case 1: out[at + 5] = -1; out[at + 9] = 1; out[at + 20] = -1; break; // ties for the largest magnitude
      case 2: // Q8_0's scale is exactly 1 here, so every other value is a tie for roundf
        for (let j = 0; j < 32; j++) out[at + j] = Math.floor(random() * 254) - 127 + 0.5;
        out[at + 7] = 127;
        break;
      case 3: for (let j = 0; j < 32; j++) out[at + j] = j % 2 === 0 ? 0 : -0; break;
      default: break;
    }
  }
  return out;
}

describe.each(kernelTypes)('$name WebAssembly kernel matches ggml_quantize_chunk', (type) => {
  const columns = 1024;
  const rows = 1100; // 1100 × 1024 floats: 18 kernel chunks of 64 rows, the last partial
  const source = edgeRows(rows, columns, 17);
  const rowBytes = (columns / type.blockSize) * type.bytesPerBlock;

  for (const withImportance of type.usesImportance ? [false, true] : [false]) {
    it(`${rows} rows of ${columns} with edge-case blocks${withImportance ? ', with importance matrix' : ''}`, () => {
      const importance = withImportance ? syntheticImportance(columns, 3) : undefined;
      const ours = type.quantizeRows(source, rows, columns, importance);
      const reference = oracleQuantize(type.ggmlType, rowBytes, source, rows, columns, importance);
      expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
    });
  }

  it('packs into a caller-given output through an inline pool', async () => {
    const pool = createQuantizePool({ threads: 0 });
    const out = pool.allocateWeights(rows * rowBytes + 7);
    const packed = await pool.quantize(type.name, source, rows, columns, undefined, { out });
    expect(packed.buffer).toBe(out.buffer);
    expect(Buffer.from(packed).equals(Buffer.from(oracleQuantize(type.ggmlType, rowBytes, source, rows, columns)))).toBe(true);
  });
});
