// The 32-weight block types of ggml-quants.c (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1): quantize_row_*_ref
// without an importance matrix, quantize_row_*_impl with one. Rows are contiguous floats; blocks are written in order.
import { storeHalf } from './float32-helpers';
import { affineMinimum, makeAffineQuants, makeQxQuants } from './scale-search';

const blockWeights = memory.data(32 * 4, 16);
const blockLevels = memory.data(32, 16);

/** Q8_0: 34 bytes per 32 weights (half scale, 32 signed bytes). ggml ignores importance here. */
export function quantizeQ8_0(source: usize, out: usize, rows: i32, columns: i32): void {
  const blocks = rows * (columns >> 5);
  for (let block = 0; block < blocks; block++) {
    const x = source + (<usize>block << 7);
    const y = out + <usize>block * 34;
    // Four lanes of |x| reduced by max: the order does not matter for a maximum.
    let lanes = f32x4.splat(0);
    for (let j = 0; j < 32; j += 4) lanes = f32x4.max(lanes, f32x4.abs(v128.load(x + (<usize>j << 2))));
    const amax = max<f32>(
      max<f32>(f32x4.extract_lane(lanes, 0), f32x4.extract_lane(lanes, 1)),
      max<f32>(f32x4.extract_lane(lanes, 2), f32x4.extract_lane(lanes, 3)),
    );
    const d: f32 = amax / <f32>127;
    const id: f32 = d != 0 ? <f32>1 / d : 0;
    storeHalf(y, d);
    const scale = f32x4.splat(id);
    const half = f32x4.splat(0.5);
    const one = f32x4.splat(1);
    const signMask = i32x4.splat(0x80000000);
    for (let j = 0; j < 32; j += 16) {
      const q0 = roundLanes(f32x4.mul(v128.load(x + (<usize>j << 2)), scale), half, one, signMask);
      const q1 = roundLanes(f32x4.mul(v128.load(x + (<usize>(j + 4) << 2)), scale), half, one, signMask);
      const q2 = roundLanes(f32x4.mul(v128.load(x + (<usize>(j + 8) << 2)), scale), half, one, signMask);
      const q3 = roundLanes(f32x4.mul(v128.load(x + (<usize>(j + 12) << 2)), scale), half, one, signMask);
      const words = i16x8.narrow_i32x4_s(q0, q1);
      const words2 = i16x8.narrow_i32x4_s(q2, q3);
      v128.store(y + 2 + j, i8x16.narrow_i16x8_s(words, words2));
    }
  }
}

/** roundf on four lanes, as integers: trunc, then one step away from zero when |x - trunc| ≥ 0.5. */
// @ts-ignore: decorator
@inline function roundLanes(value: v128, half: v128, one: v128, signMask: v128): v128 {
  const truncated = f32x4.trunc(value);
  const away = f32x4.ge(f32x4.abs(f32x4.sub(value, truncated)), half);
  const step = v128.and(away, v128.or(one, v128.and(value, signMask)));
  return i32x4.trunc_sat_f32x4_s(f32x4.add(truncated, step));
}

/**
 * signedMaximum of a 32-weight block: the largest |x| by SIMD, then the first weight of that
 * magnitude (ggml keeps the first on ties; an all-zero block gives +0, never -0).
 */
function blockSignedMaximum(x: usize): f32 {
  let lanes = f32x4.splat(0);
  for (let j = 0; j < 32; j += 4) lanes = f32x4.max(lanes, f32x4.abs(v128.load(x + (<usize>j << 2))));
  const amax = max<f32>(
    max<f32>(f32x4.extract_lane(lanes, 0), f32x4.extract_lane(lanes, 1)),
    max<f32>(f32x4.extract_lane(lanes, 2), f32x4.extract_lane(lanes, 3)),
  );
  if (amax == 0) return 0;
  const target = f32x4.splat(amax);
  for (let j = 0; j < 32; j += 4) {
    const found = i32x4.bitmask(f32x4.eq(f32x4.abs(v128.load(x + (<usize>j << 2))), target));
    if (found) return load<f32>(x + (<usize>(j + ctz<i32>(found)) << 2));
  }
  return 0;
}

/** Sixteen 4-bit levels MIN(15, trunc(x·scale + offset)) as bytes. */
function packLevels(x: usize, scale: v128, offset: v128, limit: v128): v128 {
  const a = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(v128.load(x), scale), offset)), limit);
  const b = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(v128.load(x + 16), scale), offset)), limit);
  const c = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(v128.load(x + 32), scale), offset)), limit);
  const d = i32x4.min_s(i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(v128.load(x + 48), scale), offset)), limit);
  return i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(a, b), i16x8.narrow_i32x4_s(c, d));
}

/** Σx²/n over a row (sigma2 of the _impl functions). */
export function rowSigma2(x: usize, columns: i32): f32 {
  let sum: f32 = 0;
  for (let j = 0; j < columns; j++) {
    const value = load<f32>(x + (<usize>j << 2));
    sum += value * value;
  }
  return sum / <f32>columns;
}

/** weight[j] = qw[j]·sqrt(sigma2 + x[j]²) for `count` weights. */
export function importanceWeights(x: usize, importance: usize, sigma2: f32, out: usize, count: i32): void {
  for (let j = 0; j < count; j++) {
    const value = load<f32>(x + (<usize>j << 2));
    store<f32>(out + (<usize>j << 2), load<f32>(importance + (<usize>j << 2)) * sqrt<f32>(sigma2 + value * value));
  }
}

/** Q4_0: 18 bytes per 32 weights; `importance` 0 for none, else one float per column. */
export function quantizeQ4_0(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  const blocksPerRow = columns >> 5;
  for (let row = 0; row < rows; row++) {
    const rowSource = source + <usize>row * <usize>columns * 4;
    const rowOut = out + <usize>row * <usize>blocksPerRow * 18;
    const sigma2: f32 = importance ? rowSigma2(rowSource, columns) : 0;
    for (let block = 0; block < blocksPerRow; block++) {
      const x = rowSource + (<usize>block << 7);
      const y = rowOut + <usize>block * 18;
      if (importance) {
        importanceWeights(x, importance + (<usize>block << 7), sigma2, blockWeights, 32);
        storeHalf(y, makeQxQuants(32, 8, x, blockLevels, blockWeights));
        for (let j = 0; j < 16; j++) store<u8>(y + 2 + j, load<u8>(blockLevels + j) | (load<u8>(blockLevels + j + 16) << 4));
        continue;
      }
      const d: f32 = blockSignedMaximum(x) / <f32>-8;
      const id: f32 = d != 0 ? <f32>1 / d : 0;
      storeHalf(y, d);
      // MIN(15, (int8_t)(x·id + 8.5)) on sixteen lanes at a time: |x·id| ≤ 8, so no lane wraps.
      const scale = f32x4.splat(id);
      const offset = f32x4.splat(8.5);
      const fifteen = i32x4.splat(15);
      const low = packLevels(x, scale, offset, fifteen);
      const high = packLevels(x + 64, scale, offset, fifteen);
      v128.store(y + 2, v128.or(low, i8x16.shl(high, 4)));
    }
  }
}

/**
 * Smallest and largest of 32 weights as C's scan finds them: the first of equal values wins, which
 * only shows for zero (the first zero's sign is kept). Found by SIMD, the sign of a zero by a lookup.
 */
let blockMinimum: f32 = 0;
let blockMaximum: f32 = 0;
function minimumAndMaximum(x: usize): void {
  let low = v128.load(x);
  let high = low;
  for (let j = 4; j < 32; j += 4) {
    const value = v128.load(x + (<usize>j << 2));
    low = f32x4.min(low, value);
    high = f32x4.max(high, value);
  }
  const minimum = min<f32>(min<f32>(f32x4.extract_lane(low, 0), f32x4.extract_lane(low, 1)), min<f32>(f32x4.extract_lane(low, 2), f32x4.extract_lane(low, 3)));
  const maximum = max<f32>(max<f32>(f32x4.extract_lane(high, 0), f32x4.extract_lane(high, 1)), max<f32>(f32x4.extract_lane(high, 2), f32x4.extract_lane(high, 3)));
  blockMinimum = minimum == 0 ? firstZero(x) : minimum;
  blockMaximum = maximum == 0 ? firstZero(x) : maximum;
}

/** The first weight equal to zero (+0 or -0) among 32. */
function firstZero(x: usize): f32 {
  const zero = f32x4.splat(0);
  for (let j = 0; j < 32; j += 4) {
    const found = i32x4.bitmask(f32x4.eq(v128.load(x + (<usize>j << 2)), zero));
    if (found) return load<f32>(x + (<usize>(j + ctz<i32>(found)) << 2));
  }
  return 0;
}

/** Levels MIN(limit, (uint8_t)((x - minimum)·id + 0.5)) of 32 weights as bytes at blockLevels (no lane exceeds limit + 0.5). */
function affineLevels(x: usize, minimum: f32, id: f32, limit: i32): void {
  const shift = f32x4.splat(minimum);
  const scale = f32x4.splat(id);
  const half = f32x4.splat(0.5);
  const top = i32x4.splat(limit);
  for (let j = 0; j < 32; j += 16) {
    const a = i32x4.min_s(top, i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + (<usize>j << 2)), shift), scale), half)));
    const b = i32x4.min_s(top, i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + (<usize>(j + 4) << 2)), shift), scale), half)));
    const c = i32x4.min_s(top, i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + (<usize>(j + 8) << 2)), shift), scale), half)));
    const d = i32x4.min_s(top, i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + (<usize>(j + 12) << 2)), shift), scale), half)));
    v128.store(blockLevels + j, i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(a, b), i16x8.narrow_i32x4_s(c, d)));
  }
}

/** Levels MIN(limit, (int8_t)(x·id + offset)) of 32 weights as bytes at blockLevels (lanes stay in 0..limit + 1). */
function symmetricLevels(x: usize, id: f32, offset: f32, limit: i32): void {
  const scale = f32x4.splat(id);
  const shift = f32x4.splat(offset);
  const top = i32x4.splat(limit);
  v128.store(blockLevels, packLevels(x, scale, shift, top));
  v128.store(blockLevels + 16, packLevels(x + 64, scale, shift, top));
}

/** 4-bit levels: byte j holds levels j and j + 16. */
// @ts-ignore: decorator
@inline function packNibbles(out: usize): void {
  v128.store(out, v128.or(v128.load(blockLevels), i8x16.shl(v128.load(blockLevels + 16), 4)));
}

/** 5-bit levels: low nibbles as packNibbles at `qs`, the fifth bits of levels 0..31 as a uint32 at `qh`. */
function packFiveBit(qs: usize, qh: usize): void {
  const low = v128.load(blockLevels);
  const high = v128.load(blockLevels + 16);
  const nibble = i8x16.splat(0x0f);
  v128.store(qs, v128.or(v128.and(low, nibble), i8x16.shl(v128.and(high, nibble), 4)));
  // Bit 4 moved to bit 7, where bitmask reads it.
  store<u32>(qh, <u32>i8x16.bitmask(i8x16.shl(low, 3)) | (<u32>i8x16.bitmask(i8x16.shl(high, 3)) << 16));
}

/** Q4_1: 20 bytes per 32 weights (half scale, half minimum, 4-bit levels). */
export function quantizeQ4_1(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  quantizeAffineBlocks(source, out, rows, columns, importance, 15, 20, 4);
}

/** Q5_1: 24 bytes per 32 weights (half scale, half minimum, fifth bits, 4-bit low levels). */
export function quantizeQ5_1(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  quantizeAffineBlocks(source, out, rows, columns, importance, 31, 24, 8);
}

/** Q4_1 (nmax 15) and Q5_1 (nmax 31): d, minimum, then the levels from byte `levelsAt`. */
function quantizeAffineBlocks(source: usize, out: usize, rows: i32, columns: i32, importance: usize, nmax: i32, blockBytes: i32, levelsAt: i32): void {
  const blocksPerRow = columns >> 5;
  for (let row = 0; row < rows; row++) {
    const rowSource = source + <usize>row * <usize>columns * 4;
    const rowOut = out + <usize>row * <usize>blocksPerRow * blockBytes;
    const sigma2: f32 = importance ? rowSigma2(rowSource, columns) : 0;
    for (let block = 0; block < blocksPerRow; block++) {
      const x = rowSource + (<usize>block << 7);
      const y = rowOut + <usize>block * blockBytes;
      if (importance) {
        importanceWeights(x, importance + (<usize>block << 7), sigma2, blockWeights, 32);
        storeHalf(y, makeAffineQuants(true, 32, nmax, x, blockWeights, blockLevels, <f32>-0.9, <f32>0.05, 36, false));
        storeHalf(y + 2, -affineMinimum);
      } else {
        minimumAndMaximum(x);
        const d: f32 = (blockMaximum - blockMinimum) / <f32>nmax;
        const id: f32 = d != 0 ? <f32>1 / d : 0;
        storeHalf(y, d);
        storeHalf(y + 2, blockMinimum);
        affineLevels(x, blockMinimum, id, nmax);
      }
      if (nmax == 15) packNibbles(y + levelsAt);
      else packFiveBit(y + 8, y + 4);
    }
  }
}

/** Q5_0: 22 bytes per 32 weights (half scale, fifth bits, 4-bit low levels). */
export function quantizeQ5_0(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  const blocksPerRow = columns >> 5;
  for (let row = 0; row < rows; row++) {
    const rowSource = source + <usize>row * <usize>columns * 4;
    const rowOut = out + <usize>row * <usize>blocksPerRow * 22;
    const sigma2: f32 = importance ? rowSigma2(rowSource, columns) : 0;
    for (let block = 0; block < blocksPerRow; block++) {
      const x = rowSource + (<usize>block << 7);
      const y = rowOut + <usize>block * 22;
      if (importance) {
        importanceWeights(x, importance + (<usize>block << 7), sigma2, blockWeights, 32);
        storeHalf(y, makeQxQuants(32, 16, x, blockLevels, blockWeights));
      } else {
        const d: f32 = blockSignedMaximum(x) / <f32>-16;
        const id: f32 = d != 0 ? <f32>1 / d : 0;
        storeHalf(y, d);
        symmetricLevels(x, id, <f32>16.5, 31);
      }
      packFiveBit(y + 6, y + 2);
    }
  }
}
