// The K-quants of ggml-quants.c (super-blocks of 256 weights). Without an importance matrix they
// follow quantize_row_*_K_ref; with one, quantize_row_*_K_impl.
import type { QuantTypeV1 } from '@oellm/core';
import { defineQuantType } from './define-quant-type.js';
import * as arithmetic from './float32-arithmetic.js';
import * as packing from './k-quant-packing.js';
import * as search from './scale-search.js';
import * as blocks from './block-helpers.js';

// Imported helpers are rebound to module constants: test runners that transform modules turn
// each imported name into a property lookup, which costs 10× in these hot loops.
const fround = Math.fround;
const nearestInt = arithmetic.nearestInt;
const groupMaxEpsilon = arithmetic.groupMaxEpsilon;
const { packScalesMinK4, packTwoBit, scaleMinK4 } = packing;
const { affineMinimum, makeAffineQuants, makeQ3Quants, makeQpQuants, makeQxQuants } = search;
const loadHalf = blocks.loadHalf;
const storeHalf = blocks.storeHalf;

const unsignedLevels = new Uint8Array(256);
const signedLevels = new Int8Array(256);
const scratch = new Uint8Array(32);
const weights = new Float32Array(32);
const scales = new Float32Array(16);
const minimums = new Float32Array(16);
const sumsOfWeights = new Float32Array(16);
const scaleLevels = new Uint8Array(16);
const minimumLevels = new Uint8Array(16);
const signedScaleLevels = new Int8Array(16);
const scaleAndMinimum = new Uint8Array(2);

/** Σx² over one super-block. */
function sumOfSquares(x: Float32Array, offset: number): number {
  let sum = 0;
  for (let l = 0; l < 256; l++) sum = fround(sum + fround(x[offset + l]! * x[offset + l]!));
  return sum;
}

/** weights[l] = qw[l]·sqrt(sigma2 + x²) for a sub-block of `size`. */
function importanceWeights(x: Float32Array, offset: number, importance: Float32Array, importanceOffset: number, sigma2: number, size: number): void {
  for (let l = 0; l < size; l++) {
    const value = x[offset + l]!;
    weights[l] = fround(importance[importanceOffset + l]! * fround(Math.sqrt(fround(sigma2 + fround(value * value)))));
  }
}

function sumWeights(size: number): number {
  let sum = 0;
  for (let l = 0; l < size; l++) sum = fround(sum + weights[l]!);
  return sum;
}

// ---------------------------------------------------------------- Q2_K (84 bytes per 256)

function quantizeQ2K(x: Float32Array, xOffset: number, out: Uint8Array, y: number, importance: Float32Array | undefined, importanceOffset: number): void {
  const scalesOffset = y;
  const qsOffset = y + 16;
  const dOffset = y + 80;
  if (!importance) {
    let maxScale = 0;
    let maxMinimum = 0;
    for (let j = 0; j < 16; j++) {
      for (let l = 0; l < 16; l++) weights[l] = Math.abs(x[xOffset + 16 * j + l]!);
      scales[j] = makeAffineQuants(2, 16, 3, x, xOffset + 16 * j, weights, unsignedLevels, 16 * j, scratch, fround(-0.5), fround(0.1), 15, true);
      minimums[j] = affineMinimum[0]!;
      if (scales[j]! > maxScale) maxScale = scales[j]!;
      if (minimums[j]! > maxMinimum) maxMinimum = minimums[j]!;
    }
    if (maxScale > 0) {
      const iscale = fround(15 / maxScale);
      for (let j = 0; j < 16; j++) out[scalesOffset + j] = nearestInt(fround(iscale * scales[j]!));
      storeHalf(out, dOffset, fround(maxScale / 15));
    } else {
      for (let j = 0; j < 16; j++) out[scalesOffset + j] = 0;
      storeHalf(out, dOffset, 0);
    }
    if (maxMinimum > 0) {
      const iscale = fround(15 / maxMinimum);
      for (let j = 0; j < 16; j++) out[scalesOffset + j] = out[scalesOffset + j]! | (nearestInt(fround(iscale * minimums[j]!)) << 4);
      storeHalf(out, dOffset + 2, fround(maxMinimum / 15));
    } else {
      storeHalf(out, dOffset + 2, 0);
    }
  } else {
    const sigma2 = fround(sumOfSquares(x, xOffset) / 256);
    for (let j = 0; j < 16; j++) {
      importanceWeights(x, xOffset + 16 * j, importance, importanceOffset + 16 * j, sigma2, 16);
      sumsOfWeights[j] = sumWeights(16);
      scales[j] = makeAffineQuants(3, 16, 3, x, xOffset + 16 * j, weights, unsignedLevels, 16 * j, scratch, fround(-0.9), fround(0.05), 36, false);
      minimums[j] = affineMinimum[0]!;
    }
    const dm = makeQpQuants(16, 15, scales, scaleLevels, sumsOfWeights);
    const mm = makeQpQuants(16, 15, minimums, minimumLevels, sumsOfWeights);
    storeHalf(out, dOffset, dm);
    storeHalf(out, dOffset + 2, mm);
    for (let j = 0; j < 16; j++) out[scalesOffset + j] = scaleLevels[j]! | (minimumLevels[j]! << 4);
  }
  const d = loadHalf(out, dOffset);
  const dmin = loadHalf(out, dOffset + 2);
  for (let j = 0; j < 16; j++) {
    const scale = fround(d * (out[scalesOffset + j]! & 0xf));
    if (!scale) continue;
    const minimum = fround(dmin * (out[scalesOffset + j]! >> 4));
    for (let ii = 0; ii < 16; ii++) {
      const l = nearestInt(fround(fround(x[xOffset + 16 * j + ii]! + minimum) / scale));
      unsignedLevels[16 * j + ii] = Math.max(0, Math.min(3, l));
    }
  }
  packTwoBit(out, qsOffset, unsignedLevels);
}

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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    for (let block = 0; block < columns / 256; block++) quantizeQ2K(source, sourceOffset + block * 256, out, outOffset + block * 84, importance, block * 256);
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeQ2K(data, dataOffset + block * 84, out, outOffset + block * 256);
  },
});

// ---------------------------------------------------------------- Q3_K (110 bytes per 256)

function storeQ3Scale(out: Uint8Array, scalesOffset: number, j: number, level: number): void {
  if (j < 8) out[scalesOffset + j] = level & 0xf;
  else out[scalesOffset + j - 8] = out[scalesOffset + j - 8]! | ((level & 0xf) << 4);
  out[scalesOffset + (j % 4) + 8] = out[scalesOffset + (j % 4) + 8]! | ((level >> 4) << (2 * Math.floor(j / 4)));
}

function quantizeQ3K(x: Float32Array, xOffset: number, out: Uint8Array, y: number, importance: Float32Array | undefined, importanceOffset: number): void {
  const hmaskOffset = y;
  const qsOffset = y + 32;
  const scalesOffset = y + 96;
  const dOffset = y + 108;
  for (let j = 0; j < 12; j++) out[scalesOffset + j] = 0;
  if (!importance) {
    let maxScale = 0;
    let amax = 0;
    for (let j = 0; j < 16; j++) {
      scales[j] = makeQ3Quants(16, 4, x, xOffset + 16 * j, signedLevels, 16 * j, true);
      const scale = Math.abs(scales[j]!);
      if (scale > amax) { amax = scale; maxScale = scales[j]!; }
    }
    if (maxScale) {
      const iscale = fround(-32 / maxScale);
      for (let j = 0; j < 16; j++) {
        // int8_t l = nearest_int(...): the C code truncates to a byte before clamping.
        const l = (nearestInt(fround(iscale * scales[j]!)) << 24) >> 24;
        storeQ3Scale(out, scalesOffset, j, Math.max(-32, Math.min(31, l)) + 32);
      }
      storeHalf(out, dOffset, fround(1 / iscale));
    } else {
      storeHalf(out, dOffset, 0);
    }
  } else {
    const sigma2 = fround(fround(2 * sumOfSquares(x, xOffset)) / 256);
    for (let j = 0; j < 16; j++) {
      importanceWeights(x, xOffset + 16 * j, importance, importanceOffset + 16 * j, sigma2, 16);
      sumsOfWeights[j] = sumWeights(16);
      scales[j] = makeQxQuants(16, 4, x, xOffset + 16 * j, signedLevels, 16 * j, 1, weights, 0);
    }
    const dBlock = makeQxQuants(16, 32, scales, 0, signedScaleLevels, 0, 1, sumsOfWeights, 0);
    for (let j = 0; j < 16; j++) storeQ3Scale(out, scalesOffset, j, signedScaleLevels[j]!);
    storeHalf(out, dOffset, dBlock);
  }
  const d = loadHalf(out, dOffset);
  for (let j = 0; j < 16; j++) {
    let sc = j < 8 ? out[scalesOffset + j]! & 0xf : out[scalesOffset + j - 8]! >> 4;
    sc = (sc | (((out[scalesOffset + 8 + (j % 4)]! >> (2 * Math.floor(j / 4))) & 3) << 4)) - 32;
    const scale = fround(d * sc);
    if (!scale) continue;
    for (let ii = 0; ii < 16; ii++) {
      const l = nearestInt(fround(x[xOffset + 16 * j + ii]! / scale));
      signedLevels[16 * j + ii] = Math.max(-4, Math.min(3, l)) + 4;
    }
  }
  for (let j = 0; j < 32; j++) out[hmaskOffset + j] = 0;
  let m = 0;
  let hm = 1;
  for (let j = 0; j < 256; j++) {
    if (signedLevels[j]! > 3) {
      out[hmaskOffset + m] = out[hmaskOffset + m]! | (hm);
      signedLevels[j] = signedLevels[j]! - 4;
    }
    if (++m === 32) { m = 0; hm <<= 1; }
  }
  packTwoBit(out, qsOffset, signedLevels);
}

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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    for (let block = 0; block < columns / 256; block++) quantizeQ3K(source, sourceOffset + block * 256, out, outOffset + block * 110, importance, block * 256);
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeQ3K(data, dataOffset + block * 110, out, outOffset + block * 256);
  },
});

// ---------------------------------------------------------------- Q4_K and Q5_K (144 / 176 bytes per 256)

/** Scales and minimums of the eight 32-weight groups, then the 6-bit packed scale bytes and d/dmin. */
function quantizeScalesK4(x: Float32Array, xOffset: number, out: Uint8Array, y: number, nmax: number, importance: Float32Array | undefined, importanceOffset: number): void {
  if (!importance) {
    let maxScale = 0;
    let maxMinimum = 0;
    for (let j = 0; j < 8; j++) {
      let sumX2 = 0;
      for (let l = 0; l < 32; l++) sumX2 = fround(sumX2 + fround(x[xOffset + 32 * j + l]! * x[xOffset + 32 * j + l]!));
      const averageX = fround(Math.sqrt(fround(sumX2 / 32)));
      for (let l = 0; l < 32; l++) weights[l] = fround(averageX + Math.abs(x[xOffset + 32 * j + l]!));
      scales[j] = nmax === 15
        ? makeAffineQuants(2, 32, 15, x, xOffset + 32 * j, weights, unsignedLevels, 32 * j, scratch, -1, fround(0.1), 20, false)
        : makeAffineQuants(2, 32, 31, x, xOffset + 32 * j, weights, unsignedLevels, 32 * j, scratch, fround(-0.5), fround(0.1), 15, false);
      minimums[j] = affineMinimum[0]!;
      if (scales[j]! > maxScale) maxScale = scales[j]!;
      if (minimums[j]! > maxMinimum) maxMinimum = minimums[j]!;
    }
    const inverseScale = maxScale > 0 ? fround(63 / maxScale) : 0;
    const inverseMinimum = maxMinimum > 0 ? fround(63 / maxMinimum) : 0;
    for (let j = 0; j < 8; j++) {
      scaleLevels[j] = Math.min(63, nearestInt(fround(inverseScale * scales[j]!)) & 0xff);
      minimumLevels[j] = Math.min(63, nearestInt(fround(inverseMinimum * minimums[j]!)) & 0xff);
    }
    packScalesMinK4(out, y + 4, scaleLevels, minimumLevels);
    storeHalf(out, y, fround(maxScale / 63));
    storeHalf(out, y + 2, fround(maxMinimum / 63));
    return;
  }
  const sigma2 = fround(fround(2 * sumOfSquares(x, xOffset)) / 256);
  for (let j = 0; j < 8; j++) {
    importanceWeights(x, xOffset + 32 * j, importance, importanceOffset + 32 * j, sigma2, 32);
    sumsOfWeights[j] = sumWeights(32);
    scales[j] = makeAffineQuants(3, 32, nmax, x, xOffset + 32 * j, weights, unsignedLevels, 32 * j, scratch, fround(-0.9), fround(0.05), 36, false);
    minimums[j] = affineMinimum[0]!;
  }
  const dBlock = makeQpQuants(8, 63, scales, scaleLevels, sumsOfWeights);
  const mBlock = makeQpQuants(8, 63, minimums, minimumLevels, sumsOfWeights);
  // Q5_K's _impl clamps the (byte-wrapped) levels to 63 again; Q4_K's does not.
  if (nmax === 31) {
    for (let j = 0; j < 8; j++) {
      scaleLevels[j] = Math.min(63, scaleLevels[j]!);
      minimumLevels[j] = Math.min(63, minimumLevels[j]!);
    }
  }
  packScalesMinK4(out, y + 4, scaleLevels, minimumLevels);
  storeHalf(out, y, dBlock);
  storeHalf(out, y + 2, mBlock);
}

/** Final levels of each 32-weight group from the stored (rounded) scales. */
function requantizeK4(x: Float32Array, xOffset: number, out: Uint8Array, y: number, nmax: number): void {
  const d = loadHalf(out, y);
  const dmin = loadHalf(out, y + 2);
  for (let j = 0; j < 8; j++) {
    scaleMinK4(j, out, y + 4, scaleAndMinimum);
    const scale = fround(d * scaleAndMinimum[0]!);
    if (!scale) continue;
    const minimum = fround(dmin * scaleAndMinimum[1]!);
    for (let ii = 0; ii < 32; ii++) {
      const l = nearestInt(fround(fround(x[xOffset + 32 * j + ii]! + minimum) / scale));
      unsignedLevels[32 * j + ii] = Math.max(0, Math.min(nmax, l));
    }
  }
}

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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    for (let block = 0; block < columns / 256; block++) {
      const x = sourceOffset + block * 256;
      const y = outOffset + block * 144;
      quantizeScalesK4(source, x, out, y, 15, importance, block * 256);
      requantizeK4(source, x, out, y, 15);
      for (let j = 0, q = y + 16; j < 256; j += 64, q += 32) {
        for (let l = 0; l < 32; l++) out[q + l] = unsignedLevels[j + l]! | (unsignedLevels[j + l + 32]! << 4);
      }
    }
  },
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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    for (let block = 0; block < columns / 256; block++) {
      const x = sourceOffset + block * 256;
      const y = outOffset + block * 176;
      quantizeScalesK4(source, x, out, y, 31, importance, block * 256);
      requantizeK4(source, x, out, y, 31);
      const qh = y + 16;
      for (let j = 0; j < 32; j++) out[qh + j] = 0;
      let ql = y + 48;
      let m1 = 1;
      let m2 = 2;
      for (let n = 0; n < 256; n += 64) {
        for (let j = 0; j < 32; j++) {
          let l1 = unsignedLevels[n + j]!;
          if (l1 > 15) { l1 -= 16; out[qh + j] = out[qh + j]! | (m1); }
          let l2 = unsignedLevels[n + j + 32]!;
          if (l2 > 15) { l2 -= 16; out[qh + j] = out[qh + j]! | (m2); }
          out[ql + j] = l1 | (l2 << 4);
        }
        m1 <<= 2;
        m2 <<= 2;
        ql += 32;
      }
    }
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeK4(data, dataOffset + block * 176, out, outOffset + block * 256, true);
  },
});

// ---------------------------------------------------------------- Q6_K (210 bytes per 256)

function quantizeQ6K(x: Float32Array, xOffset: number, out: Uint8Array, y: number, importance: Float32Array | undefined, importanceOffset: number): void {
  const qlOffset = y;
  const qhOffset = y + 128;
  const scalesOffset = y + 192;
  const dOffset = y + 208;
  let maxScale = 0;
  let maxAbsoluteScale = 0;
  for (let ib = 0; ib < 16; ib++) {
    const scale = importance
      ? makeQxQuants(16, 32, x, xOffset + 16 * ib, signedLevels, 16 * ib, 1, importance, importanceOffset + 16 * ib)
      : makeQxQuants(16, 32, x, xOffset + 16 * ib, signedLevels, 16 * ib, 1, null, 0);
    scales[ib] = scale;
    const absoluteScale = Math.abs(scale);
    if (absoluteScale > maxAbsoluteScale) {
      maxAbsoluteScale = absoluteScale;
      maxScale = scale;
    }
  }
  if (maxAbsoluteScale < groupMaxEpsilon) {
    out.fill(0, y, y + 210);
    return;
  }
  const iscale = fround(-128 / maxScale);
  storeHalf(out, dOffset, fround(1 / iscale));
  for (let ib = 0; ib < 16; ib++) out[scalesOffset + ib] = Math.min(127, nearestInt(fround(iscale * scales[ib]!))) & 0xff;
  const d = loadHalf(out, dOffset);
  for (let j = 0; j < 16; j++) {
    const scale = fround(d * ((out[scalesOffset + j]! << 24) >> 24));
    if (!scale) continue;
    for (let ii = 0; ii < 16; ii++) {
      const l = nearestInt(fround(x[xOffset + 16 * j + ii]! / scale));
      signedLevels[16 * j + ii] = Math.max(-32, Math.min(31, l)) + 32;
    }
  }
  let ql = qlOffset;
  let qh = qhOffset;
  const L = signedLevels;
  for (let j = 0; j < 256; j += 128) {
    for (let l = 0; l < 32; l++) {
      const q1 = L[j + l]! & 0xf;
      const q2 = L[j + l + 32]! & 0xf;
      const q3 = L[j + l + 64]! & 0xf;
      const q4 = L[j + l + 96]! & 0xf;
      out[ql + l] = q1 | (q3 << 4);
      out[ql + l + 32] = q2 | (q4 << 4);
      out[qh + l] = ((L[j + l]! >> 4) | ((L[j + l + 32]! >> 4) << 2) | ((L[j + l + 64]! >> 4) << 4) | ((L[j + l + 96]! >> 4) << 6)) & 0xff;
    }
    ql += 64;
    qh += 32;
  }
}

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
  quantizeRow(source, sourceOffset, columns, out, outOffset, importance) {
    for (let block = 0; block < columns / 256; block++) quantizeQ6K(source, sourceOffset + block * 256, out, outOffset + block * 210, importance, block * 256);
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let block = 0; block < columns / 256; block++) dequantizeQ6K(data, dataOffset + block * 210, out, outOffset + block * 256);
  },
});
