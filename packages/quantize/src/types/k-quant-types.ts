// The K-quants of ggml-quants.c (super-blocks of 256 weights). They quantise in the WebAssembly
// kernels (kernels/k-quant-kernels.ts: quantize_row_*_K_ref, or _impl with an importance matrix);
// dequantisation is here.
import type { QuantTypeV1 } from '@oellm/core';
import { defineQuantType } from './define-quant-type.js';
import * as packing from './k-quant-packing.js';
import * as blocks from './block-helpers.js';

// Imported helpers are rebound to module constants: test runners that transform modules turn
// each imported name into a property lookup, which costs 10× in these hot loops.
const fround = Math.fround;
const scaleMinK4 = packing.scaleMinK4;
const loadHalf = blocks.loadHalf;

const scaleAndMinimum = new Uint8Array(2);

// ---------------------------------------------------------------- Q2_K (84 bytes per 256)

function dequantizeQ2K(data: Uint8Array, y: number, out: Float32Array, o: number): void {
  const d = loadHalf(data, y + 80);
  const min = loadHalf(data, y + 82);
  let q = y + 16;
  let is = 0;
  for (let n = 0; n < 256; n += 128) {
    let shift = 0;
    for (let j = 0; j < 4; j++) {
      for (const half of [0, 16]) {
        const sc = data[y + is++]!;
        const dl = fround(d * (sc & 0xf));
        const ml = fround(min * (sc >> 4));
        for (let l = 0; l < 16; l++) out[o++] = fround(fround(dl * ((data[q + l + half]! >> shift) & 3)) - ml);
      }
      shift += 2;
    }
    q += 32;
  }
}

/**
 * Q2_K: 2-bit levels in 16-weight groups with 4-bit scales and minimums (2.625 bits per weight).
 *
 * @example
 * ```ts
 * import { q2_K } from '@oellm/quantize';
 * const packed = q2_K.quantizeRows(weights, rows, 4096, importance);
 * ```
 */
export const q2_K: QuantTypeV1 = defineQuantType({
  name: 'Q2_K',
  usesImportance: true,
  // The WebAssembly kernel (kernels/k-quant-kernels.ts): quantize_row_q2_K_ref, or _impl with importance.
  kernel: 'quantizeQ2K',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeQ2K(data, dataOffset + block * 84, out, outOffset + block * 256);
  },
});

// ---------------------------------------------------------------- Q3_K (110 bytes per 256)

function dequantizeQ3K(data: Uint8Array, y: number, out: Float32Array, o: number): void {
  const dAll = loadHalf(data, y + 108);
  const s = y + 96;
  let q = y + 32;
  const hm = y;
  let m = 1;
  let is = 0;
  for (let n = 0; n < 256; n += 128) {
    let shift = 0;
    for (let j = 0; j < 4; j++) {
      for (const half of [0, 16]) {
        const index = is++;
        const low = index < 8 ? data[s + index]! & 0xf : data[s + index - 8]! >> 4;
        const scale = (low | (((data[s + 8 + (index % 4)]! >> (2 * Math.floor(index / 4))) & 3) << 4)) - 32;
        const dl = fround(dAll * scale);
        for (let l = 0; l < 16; l++) {
          const level = ((data[q + l + half]! >> shift) & 3) - (data[hm + l + half]! & m ? 0 : 4);
          out[o++] = fround(dl * level);
        }
      }
      shift += 2;
      m <<= 1;
    }
    q += 32;
  }
}

/**
 * Q3_K: 3-bit levels in 16-weight groups with 6-bit scales (3.4375 bits per weight).
 *
 * @example
 * ```ts
 * import { q3_K } from '@oellm/quantize';
 * const packed = q3_K.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q3_K: QuantTypeV1 = defineQuantType({
  name: 'Q3_K',
  usesImportance: true,
  // The WebAssembly kernel (kernels/k-quant-kernels.ts): quantize_row_q3_K_ref, or _impl with importance.
  kernel: 'quantizeQ3K',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeQ3K(data, dataOffset + block * 110, out, outOffset + block * 256);
  },
});

// ---------------------------------------------------------------- Q4_K and Q5_K (144 / 176 bytes per 256)
// Both quantise in the WebAssembly kernels; they share the dequantisation here.

function dequantizeK4(data: Uint8Array, y: number, out: Float32Array, o: number, fiveBit: boolean): void {
  const d = loadHalf(data, y);
  const min = loadHalf(data, y + 2);
  let q = fiveBit ? y + 48 : y + 16;
  const qh = y + 16;
  let u1 = 1;
  let u2 = 2;
  for (let j = 0, is = 0; j < 256; j += 64, is += 2) {
    scaleMinK4(is, data, y + 4, scaleAndMinimum);
    const d1 = fround(d * scaleAndMinimum[0]!);
    const m1 = fround(min * scaleAndMinimum[1]!);
    scaleMinK4(is + 1, data, y + 4, scaleAndMinimum);
    const d2 = fround(d * scaleAndMinimum[0]!);
    const m2 = fround(min * scaleAndMinimum[1]!);
    for (let l = 0; l < 32; l++) out[o++] = fround(fround(d1 * ((data[q + l]! & 0xf) + (fiveBit && data[qh + l]! & u1 ? 16 : 0))) - m1);
    for (let l = 0; l < 32; l++) out[o++] = fround(fround(d2 * ((data[q + l]! >> 4) + (fiveBit && data[qh + l]! & u2 ? 16 : 0))) - m2);
    q += 32;
    u1 <<= 2;
    u2 <<= 2;
  }
}

/**
 * Q4_K: 4-bit levels in 32-weight groups with 6-bit scales and minimums (4.5 bits per weight).
 *
 * @example
 * ```ts
 * import { q4_K } from '@oellm/quantize';
 * const packed = q4_K.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q4_K: QuantTypeV1 = defineQuantType({
  name: 'Q4_K',
  usesImportance: true,
  // The WebAssembly kernel (kernels/k-quant-kernels.ts): quantize_row_q4_K_ref, or _impl with importance.
  kernel: 'quantizeQ4K',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeK4(data, dataOffset + block * 144, out, outOffset + block * 256, false);
  },
});

/**
 * Q5_K: 5-bit levels in 32-weight groups with 6-bit scales and minimums (5.5 bits per weight).
 *
 * @example
 * ```ts
 * import { q5_K } from '@oellm/quantize';
 * const packed = q5_K.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q5_K: QuantTypeV1 = defineQuantType({
  name: 'Q5_K',
  usesImportance: true,
  // The WebAssembly kernel (kernels/k-quant-kernels.ts): quantize_row_q5_K_ref, or _impl with importance.
  kernel: 'quantizeQ5K',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeK4(data, dataOffset + block * 176, out, outOffset + block * 256, true);
  },
});

// ---------------------------------------------------------------- Q6_K (210 bytes per 256)

function dequantizeQ6K(data: Uint8Array, y: number, out: Float32Array, o: number): void {
  const d = loadHalf(data, y + 208);
  let ql = y;
  let qh = y + 128;
  let sc = y + 192;
  for (let n = 0; n < 256; n += 128) {
    for (let l = 0; l < 32; l++) {
      const is = l >> 4;
      const q1 = ((data[ql + l]! & 0xf) | (((data[qh + l]! >> 0) & 3) << 4)) - 32;
      const q2 = ((data[ql + l + 32]! & 0xf) | (((data[qh + l]! >> 2) & 3) << 4)) - 32;
      const q3 = ((data[ql + l]! >> 4) | (((data[qh + l]! >> 4) & 3) << 4)) - 32;
      const q4 = ((data[ql + l + 32]! >> 4) | (((data[qh + l]! >> 6) & 3) << 4)) - 32;
      const scale = (index: number): number => (data[sc + index]! << 24) >> 24;
      out[o + l] = fround(fround(d * scale(is)) * q1);
      out[o + l + 32] = fround(fround(d * scale(is + 2)) * q2);
      out[o + l + 64] = fround(fround(d * scale(is + 4)) * q3);
      out[o + l + 96] = fround(fround(d * scale(is + 6)) * q4);
    }
    o += 128;
    ql += 64;
    qh += 32;
    sc += 8;
  }
}

/**
 * Q6_K: 6-bit levels in 16-weight groups with 8-bit scales (6.5625 bits per weight).
 *
 * @example
 * ```ts
 * import { q6_K } from '@oellm/quantize';
 * const packed = q6_K.quantizeRows(weights, rows, 4096);
 * ```
 */
export const q6_K: QuantTypeV1 = defineQuantType({
  name: 'Q6_K',
  usesImportance: true,
  // The WebAssembly kernel (kernels/k-quant-kernels.ts): quantize_row_q6_K_ref, or _impl with importance.
  kernel: 'quantizeQ6K',
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeQ6K(data, dataOffset + block * 210, out, outOffset + block * 256);
  },
});
