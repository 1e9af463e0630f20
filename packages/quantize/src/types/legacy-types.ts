// The 32-weight block types of ggml-quants.c: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0. They quantise in the
// WebAssembly kernels (kernels/legacy-kernels.ts); dequantisation is here.
import type { QuantTypeV1 } from '@oellm/core';
import { defineQuantType } from './define-quant-type.js';
import * as blocks from './block-helpers.js';

// Rebound to module constants: test runners that transform modules turn each imported name into a
// property lookup, which costs 10× in these hot loops.
const fround = Math.fround;
const loadHalf = blocks.loadHalf;

/**
 * Q4_0: 32 weights, one half-precision scale, 4-bit levels (4.5 bits per weight).
 *
 * @example
 * ```ts
 * import { q4_0 } from '@oellm/quantize';
 * const packed = q4_0.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q4_0: QuantTypeV1 = defineQuantType({
  name: 'Q4_0',
  usesImportance: true,
  // The WebAssembly kernel (kernels/legacy-kernels.ts): quantize_row_q4_0_ref, or _impl with importance.
  kernel: 'quantizeQ4_0',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 32; block++) {
      const y = dataOffset + block * 18;
      const d = loadHalf(data, y);
      const o = outOffset + block * 32;
      for (let j = 0; j < 16; j++) {
        out[o + j] = ((data[y + 2 + j]! & 0x0f) - 8) * d;
        out[o + j + 16] = ((data[y + 2 + j]! >> 4) - 8) * d;
      }
    }
  },
});

/**
 * Q4_1: 32 weights, half-precision scale and minimum, 4-bit levels (5 bits per weight).
 *
 * @example
 * ```ts
 * import { q4_1 } from '@oellm/quantize';
 * const packed = q4_1.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q4_1: QuantTypeV1 = defineQuantType({
  name: 'Q4_1',
  usesImportance: true,
  // The WebAssembly kernel (kernels/legacy-kernels.ts): quantize_row_q4_1_ref, or _impl with importance.
  kernel: 'quantizeQ4_1',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 32; block++) {
      const y = dataOffset + block * 20;
      const d = loadHalf(data, y);
      const m = loadHalf(data, y + 2);
      const o = outOffset + block * 32;
      for (let j = 0; j < 16; j++) {
        out[o + j] = fround(fround((data[y + 4 + j]! & 0x0f) * d) + m);
        out[o + j + 16] = fround(fround((data[y + 4 + j]! >> 4) * d) + m);
      }
    }
  },
});

function readQh(data: Uint8Array, offset: number): number {
  return (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0;
}

/**
 * Q5_0: 32 weights, one half-precision scale, 5-bit levels (5.5 bits per weight).
 *
 * @example
 * ```ts
 * import { q5_0 } from '@oellm/quantize';
 * const packed = q5_0.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q5_0: QuantTypeV1 = defineQuantType({
  name: 'Q5_0',
  usesImportance: true,
  // The WebAssembly kernel (kernels/legacy-kernels.ts): quantize_row_q5_0_ref, or _impl with importance.
  kernel: 'quantizeQ5_0',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 32; block++) {
      const y = dataOffset + block * 22;
      const d = loadHalf(data, y);
      const qh = readQh(data, y + 2);
      const o = outOffset + block * 32;
      for (let j = 0; j < 16; j++) {
        const high0 = ((qh >>> j) << 4) & 0x10;
        const high1 = (qh >>> (j + 12)) & 0x10;
        out[o + j] = fround((((data[y + 6 + j]! & 0x0f) | high0) - 16) * d);
        out[o + j + 16] = fround((((data[y + 6 + j]! >> 4) | high1) - 16) * d);
      }
    }
  },
});

/**
 * Q5_1: 32 weights, half-precision scale and minimum, 5-bit levels (6 bits per weight).
 *
 * @example
 * ```ts
 * import { q5_1 } from '@oellm/quantize';
 * const packed = q5_1.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q5_1: QuantTypeV1 = defineQuantType({
  name: 'Q5_1',
  usesImportance: true,
  // The WebAssembly kernel (kernels/legacy-kernels.ts): quantize_row_q5_1_ref, or _impl with importance.
  kernel: 'quantizeQ5_1',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 32; block++) {
      const y = dataOffset + block * 24;
      const d = loadHalf(data, y);
      const m = loadHalf(data, y + 2);
      const qh = readQh(data, y + 4);
      const o = outOffset + block * 32;
      for (let j = 0; j < 16; j++) {
        const high0 = ((qh >>> j) << 4) & 0x10;
        const high1 = (qh >>> (j + 12)) & 0x10;
        out[o + j] = fround(fround(((data[y + 8 + j]! & 0x0f) | high0) * d) + m);
        out[o + j + 16] = fround(fround(((data[y + 8 + j]! >> 4) | high1) * d) + m);
      }
    }
  },
});

/**
 * Q8_0: 32 weights, one half-precision scale, 8-bit levels (8.5 bits per weight). ggml ignores an
 * importance matrix for this type.
 *
 * @example
 * ```ts
 * import { q8_0 } from '@oellm/quantize';
 * const packed = q8_0.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q8_0: QuantTypeV1 = defineQuantType({
  name: 'Q8_0',
  // The WebAssembly kernel (kernels/legacy-kernels.ts): quantize_row_q8_0_ref.
  kernel: 'quantizeQ8_0',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 32; block++) {
      const y = dataOffset + block * 34;
      const d = loadHalf(data, y);
      for (let j = 0; j < 32; j++) out[outOffset + block * 32 + j] = fround(((data[y + 2 + j]! << 24) >> 24) * d);
    }
  },
});
