// The 32-weight block types of ggml-quants.c: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0. Without an importance
// matrix they follow quantize_row_*_ref; with one, quantize_row_*_impl.
import type { QuantTypeV1 } from '@oellm/core';
import { defineQuantType } from './define-quant-type.js';
import * as arithmetic from './float32-arithmetic.js';
import * as search from './scale-search.js';
import * as blocks from './block-helpers.js';

// Imported helpers are rebound to module constants: test runners that transform modules turn
// each imported name into a property lookup, which costs 10× in these hot loops.
const fround = Math.fround;
const roundHalfAwayFromZero = arithmetic.roundHalfAwayFromZero;
const affineMinimum = search.affineMinimum;
const makeAffineQuants = search.makeAffineQuants;
const makeQxQuants = search.makeQxQuants;
const loadHalf = blocks.loadHalf;
const storeHalf = blocks.storeHalf;

const weight = new Float32Array(32);
const signedLevels = new Int8Array(32);
const levels = new Uint8Array(32);
const scratch = new Uint8Array(32);
const maximumFloat = 3.4028234663852886e38;

/** Σx²/n over the row, as the _impl functions compute sigma2. */
function rowSigma2(source: Float32Array, offset: number, columns: number): number {
  let sum = 0;
  for (let j = 0; j < columns; j++) sum = fround(sum + fround(source[offset + j]! * source[offset + j]!));
  return fround(sum / columns);
}

/** weight[j] = qw[j]·sqrt(sigma2 + x[j]²) for one block. */
function importanceWeights(source: Float32Array, offset: number, importance: Float32Array, importanceOffset: number, sigma2: number): void {
  for (let j = 0; j < 32; j++) {
    const x = source[offset + j]!;
    weight[j] = fround(importance[importanceOffset + j]! * fround(Math.sqrt(fround(sigma2 + fround(x * x)))));
  }
}

/** Byte-truncating C cast `(int8_t)(value)` then `MIN(limit, ·)` as uint8. */
function truncatedLevel(value: number, limit: number): number {
  return Math.min(limit, (Math.trunc(value) << 24) >> 24) & 0xff;
}

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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    const sigma2 = importance ? rowSigma2(source, sourceOffset, columns) : 0;
    for (let block = 0; block < columns / 32; block++) {
      const x = sourceOffset + block * 32;
      const y = outOffset + block * 18;
      if (importance) {
        importanceWeights(source, x, importance, block * 32, sigma2);
        const d = makeQxQuants(32, 8, source, x, signedLevels, 0, 1, weight, 0);
        storeHalf(out, y, d);
        for (let j = 0; j < 16; j++) out[y + 2 + j] = signedLevels[j]! | (signedLevels[j + 16]! << 4);
        continue;
      }
      const max = search.signedMaximum(source, x, 32);
      const d = fround(max / -8);
      const id = d ? fround(1 / d) : 0;
      storeHalf(out, y, d);
      for (let j = 0; j < 16; j++) {
        const x0 = fround(source[x + j]! * id);
        const x1 = fround(source[x + 16 + j]! * id);
        out[y + 2 + j] = truncatedLevel(fround(x0 + 8.5), 15) | (truncatedLevel(fround(x1 + 8.5), 15) << 4);
      }
    }
  },
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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    const sigma2 = importance ? rowSigma2(source, sourceOffset, columns) : 0;
    for (let block = 0; block < columns / 32; block++) {
      const x = sourceOffset + block * 32;
      const y = outOffset + block * 20;
      if (importance) {
        importanceWeights(source, x, importance, block * 32, sigma2);
        const d = makeAffineQuants(3, 32, 15, source, x, weight, levels, 0, scratch, fround(-0.9), fround(0.05), 36, false);
        storeHalf(out, y, d);
        storeHalf(out, y + 2, -affineMinimum[0]!);
        for (let j = 0; j < 16; j++) out[y + 4 + j] = levels[j]! | (levels[j + 16]! << 4);
        continue;
      }
      let min = maximumFloat;
      let max = -maximumFloat;
      for (let j = 0; j < 32; j++) {
        const value = source[x + j]!;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      const d = fround(fround(max - min) / 15);
      const id = d ? fround(1 / d) : 0;
      storeHalf(out, y, d);
      storeHalf(out, y + 2, min);
      for (let j = 0; j < 16; j++) {
        const x0 = fround(fround(source[x + j]! - min) * id);
        const x1 = fround(fround(source[x + 16 + j]! - min) * id);
        out[y + 4 + j] = truncatedLevel(fround(x0 + 0.5), 15) | (truncatedLevel(fround(x1 + 0.5), 15) << 4);
      }
    }
  },
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

function writeFiveBit(out: Uint8Array, qsOffset: number, qhOffset: number, low: (j: number) => number, high: (j: number) => number): void {
  let qh = 0;
  for (let j = 0; j < 16; j++) {
    const xi0 = low(j);
    const xi1 = high(j);
    out[qsOffset + j] = (xi0 & 0x0f) | ((xi1 & 0x0f) << 4);
    qh |= ((xi0 & 0x10) >>> 4) << j;
    qh |= ((xi1 & 0x10) >>> 4) << (j + 16);
  }
  out[qhOffset] = qh & 0xff;
  out[qhOffset + 1] = (qh >>> 8) & 0xff;
  out[qhOffset + 2] = (qh >>> 16) & 0xff;
  out[qhOffset + 3] = (qh >>> 24) & 0xff;
}

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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    const sigma2 = importance ? rowSigma2(source, sourceOffset, columns) : 0;
    for (let block = 0; block < columns / 32; block++) {
      const x = sourceOffset + block * 32;
      const y = outOffset + block * 22;
      if (importance) {
        importanceWeights(source, x, importance, block * 32, sigma2);
        const d = makeQxQuants(32, 16, source, x, signedLevels, 0, 1, weight, 0);
        storeHalf(out, y, d);
        writeFiveBit(out, y + 6, y + 2, (j) => signedLevels[j]! & 0xff, (j) => signedLevels[j + 16]! & 0xff);
        continue;
      }
      const max = search.signedMaximum(source, x, 32);
      const d = fround(max / -16);
      const id = d ? fround(1 / d) : 0;
      storeHalf(out, y, d);
      writeFiveBit(
        out, y + 6, y + 2,
        (j) => truncatedLevel(fround(fround(source[x + j]! * id) + 16.5), 31),
        (j) => truncatedLevel(fround(fround(source[x + 16 + j]! * id) + 16.5), 31),
      );
    }
  },
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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    const sigma2 = importance ? rowSigma2(source, sourceOffset, columns) : 0;
    for (let block = 0; block < columns / 32; block++) {
      const x = sourceOffset + block * 32;
      const y = outOffset + block * 24;
      if (importance) {
        importanceWeights(source, x, importance, block * 32, sigma2);
        const d = makeAffineQuants(3, 32, 31, source, x, weight, levels, 0, scratch, fround(-0.9), fround(0.05), 36, false);
        storeHalf(out, y, d);
        storeHalf(out, y + 2, -affineMinimum[0]!);
        writeFiveBit(out, y + 8, y + 4, (j) => levels[j]!, (j) => levels[j + 16]!);
        continue;
      }
      let min = maximumFloat;
      let max = -maximumFloat;
      for (let j = 0; j < 32; j++) {
        const value = source[x + j]!;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      const d = fround(fround(max - min) / 31);
      const id = d ? fround(1 / d) : 0;
      storeHalf(out, y, d);
      storeHalf(out, y + 2, min);
      writeFiveBit(
        out, y + 8, y + 4,
        (j) => Math.trunc(fround(fround(fround(source[x + j]! - min) * id) + 0.5)) & 0xff,
        (j) => Math.trunc(fround(fround(fround(source[x + 16 + j]! - min) * id) + 0.5)) & 0xff,
      );
    }
  },
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
  quantizeRow(source, sourceOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 32; block++) {
      const x = sourceOffset + block * 32;
      const y = outOffset + block * 34;
      let amax = 0;
      for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(source[x + j]!));
      const d = fround(amax / 127);
      const id = d ? fround(1 / d) : 0;
      storeHalf(out, y, d);
      for (let j = 0; j < 32; j++) out[y + 2 + j] = roundHalfAwayFromZero(fround(source[x + j]! * id)) & 0xff;
    }
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 32; block++) {
      const y = dataOffset + block * 34;
      const d = loadHalf(data, y);
      for (let j = 0; j < 32; j++) out[outOffset + block * 32 + j] = fround(((data[y + 2 + j]! << 24) >> 24) * d);
    }
  },
});
