// The K-quants (256-weight super-blocks) of ggml-quants.c: Q2_K, Q3_K, Q4_K, Q5_K, Q6_K: quantize_row_*_K_ref without an
// importance matrix, quantize_row_*_K_impl with one.
import { groupMaxEpsilon, loadHalf, nearestInt, storeHalf } from './float32-helpers';
import { importanceWeights } from './legacy-kernels';
import { affineMinimum, makeAffineQuants, makeQ3Quants, makeQpQuants, makeQxQuants } from './scale-search';

const levels = memory.data(256, 16);
const weights = memory.data(32 * 4, 16);
const scales = memory.data(16 * 4, 16);
const minimums = memory.data(16 * 4, 16);
const sumsOfWeights = memory.data(16 * 4, 16);
const scaleLevels = memory.data(16, 16);
const minimumLevels = memory.data(16, 16);

// @ts-ignore: decorator
@inline function clamp(value: i32, low: i32, high: i32): i32 {
  return max<i32>(low, min<i32>(high, value));
}

/** Packs eight 6-bit scales and minimums into 12 bytes (Q4_K, Q5_K). */
function packScalesMinK4(out: usize): void {
  memory.fill(out, 0, 12);
  for (let j = 0; j < 8; j++) {
    const ls = <u32>load<u8>(scaleLevels + j);
    const lm = <u32>load<u8>(minimumLevels + j);
    if (j < 4) {
      store<u8>(out + j, <u8>ls);
      store<u8>(out + j + 4, <u8>lm);
    } else {
      store<u8>(out + j + 4, <u8>((ls & 0xf) | ((lm & 0xf) << 4)));
      store<u8>(out + j - 4, <u8>(<u32>load<u8>(out + j - 4) | ((ls >> 4) << 6)));
      store<u8>(out + j, <u8>(<u32>load<u8>(out + j) | ((lm >> 4) << 6)));
    }
  }
}

/** get_scale_min_k4: the 6-bit scale of sub-block `j`. */
// @ts-ignore: decorator
@inline function scaleK4(j: i32, packed: usize): u32 {
  return j < 4 ? <u32>load<u8>(packed + j) & 63 : (<u32>load<u8>(packed + j + 4) & 0xf) | ((<u32>load<u8>(packed + j - 4) >> 6) << 4);
}

/** get_scale_min_k4: the 6-bit minimum of sub-block `j`. */
// @ts-ignore: decorator
@inline function minimumK4(j: i32, packed: usize): u32 {
  return j < 4 ? <u32>load<u8>(packed + j + 4) & 63 : (<u32>load<u8>(packed + j + 4) >> 4) | ((<u32>load<u8>(packed + j) >> 6) << 4);
}

/**
 * The first 16 bytes of a Q4_K (nmax 15) or Q5_K (nmax 31) super-block at `y` (d, dmin and the
 * packed 6-bit scales and minimums) and the levels of its 256 weights in `levels`.
 */
function quantizeScalesAndLevelsK(x: usize, y: usize, importance: usize, nmax: i32): void {
  if (!importance) {
    let maxScale: f32 = 0;
    let maxMinimum: f32 = 0;
    for (let j = 0; j < 8; j++) {
      const group = x + (<usize>j << 7);
      let sumX2: f32 = 0;
      for (let l = 0; l < 32; l++) {
        const value = load<f32>(group + (<usize>l << 2));
        sumX2 += value * value;
      }
      const averageX = sqrt<f32>(sumX2 / <f32>32);
      for (let l = 0; l < 32; l++) store<f32>(weights + (<usize>l << 2), averageX + abs<f32>(load<f32>(group + (<usize>l << 2))));
      const scale = nmax == 15
        ? makeAffineQuants(false, 32, 15, group, weights, levels + (<usize>j << 5), <f32>-1, <f32>0.1, 20, false)
        : makeAffineQuants(false, 32, 31, group, weights, levels + (<usize>j << 5), <f32>-0.5, <f32>0.1, 15, false);
      const minimum = affineMinimum;
      store<f32>(scales + (<usize>j << 2), scale);
      store<f32>(minimums + (<usize>j << 2), minimum);
      if (scale > maxScale) maxScale = scale;
      if (minimum > maxMinimum) maxMinimum = minimum;
    }
    const inverseScale: f32 = maxScale > 0 ? <f32>63 / maxScale : 0;
    const inverseMinimum: f32 = maxMinimum > 0 ? <f32>63 / maxMinimum : 0;
    for (let j = 0; j < 8; j++) {
      store<u8>(scaleLevels + j, <u8>min<i32>(63, nearestInt(inverseScale * load<f32>(scales + (<usize>j << 2))) & 0xff));
      store<u8>(minimumLevels + j, <u8>min<i32>(63, nearestInt(inverseMinimum * load<f32>(minimums + (<usize>j << 2))) & 0xff));
    }
    packScalesMinK4(y + 4);
    storeHalf(y, maxScale / <f32>63);
    storeHalf(y + 2, maxMinimum / <f32>63);
  } else {
    let sumX2: f32 = 0;
    for (let l = 0; l < 256; l++) {
      const value = load<f32>(x + (<usize>l << 2));
      sumX2 += value * value;
    }
    const sigma2: f32 = (<f32>2 * sumX2) / <f32>256;
    for (let j = 0; j < 8; j++) {
      const group = x + (<usize>j << 7);
      importanceWeights(group, importance + (<usize>j << 7), sigma2, weights, 32);
      let sum: f32 = 0;
      for (let l = 0; l < 32; l++) sum += load<f32>(weights + (<usize>l << 2));
      store<f32>(sumsOfWeights + (<usize>j << 2), sum);
      store<f32>(scales + (<usize>j << 2), makeAffineQuants(true, 32, nmax, group, weights, levels + (<usize>j << 5), <f32>-0.9, <f32>0.05, 36, false));
      store<f32>(minimums + (<usize>j << 2), affineMinimum);
    }
    const dBlock = makeQpQuants(8, 63, scales, scaleLevels, sumsOfWeights);
    const mBlock = makeQpQuants(8, 63, minimums, minimumLevels, sumsOfWeights);
    // Q5_K's _impl clamps the (byte-wrapped) levels to 63 again; Q4_K's does not.
    if (nmax == 31) {
      for (let j = 0; j < 8; j++) {
        store<u8>(scaleLevels + j, <u8>min<u32>(63, <u32>load<u8>(scaleLevels + j)));
        store<u8>(minimumLevels + j, <u8>min<u32>(63, <u32>load<u8>(minimumLevels + j)));
      }
    }
    packScalesMinK4(y + 4);
    storeHalf(y, dBlock);
    storeHalf(y + 2, mBlock);
  }
  // Final levels from the stored (rounded) scales.
  const d = loadHalf(y);
  const dmin = loadHalf(y + 2);
  for (let j = 0; j < 8; j++) {
    const scale: f32 = d * <f32>scaleK4(j, y + 4);
    if (scale == 0) continue;
    const minimum: f32 = dmin * <f32>minimumK4(j, y + 4);
    const group = x + (<usize>j << 7);
    for (let l = 0; l < 32; l++) {
      const level = nearestInt((load<f32>(group + (<usize>l << 2)) + minimum) / scale);
      store<u8>(levels + (j << 5) + l, <u8>clamp(level, 0, nmax));
    }
  }
}

/** Q4_K's 144 bytes at `y` for the super-block at `x`. */
function quantizeBlockQ4K(x: usize, y: usize, importance: usize): void {
  quantizeScalesAndLevelsK(x, y, importance, 15);
  for (let j = 0; j < 256; j += 64) {
    const q = y + 16 + (j >> 1);
    for (let l = 0; l < 32; l++) store<u8>(q + l, load<u8>(levels + j + l) | (load<u8>(levels + j + l + 32) << 4));
  }
}

/** Q4_K: 144 bytes per 256 weights; `importance` 0 for none, else one float per column. */
export function quantizeQ4K(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  const blocksPerRow = columns >> 8;
  for (let row = 0; row < rows; row++) {
    for (let block = 0; block < blocksPerRow; block++) {
      const index = <usize>row * <usize>blocksPerRow + <usize>block;
      quantizeBlockQ4K(source + (index << 10), out + index * 144, importance ? importance + (<usize>block << 10) : 0);
    }
  }
}

/** Q5_K's 176 bytes at `y` for the super-block at `x`: low nibbles, and the fifth bits in qh. */
function quantizeBlockQ5K(x: usize, y: usize, importance: usize): void {
  quantizeScalesAndLevelsK(x, y, importance, 31);
  const qh = y + 16;
  memory.fill(qh, 0, 32);
  let ql = y + 48;
  let m1: u32 = 1;
  let m2: u32 = 2;
  for (let n = 0; n < 256; n += 64) {
    for (let j = 0; j < 32; j++) {
      let l1 = <u32>load<u8>(levels + n + j);
      if (l1 > 15) { l1 -= 16; store<u8>(qh + j, <u8>(<u32>load<u8>(qh + j) | m1)); }
      let l2 = <u32>load<u8>(levels + n + j + 32);
      if (l2 > 15) { l2 -= 16; store<u8>(qh + j, <u8>(<u32>load<u8>(qh + j) | m2)); }
      store<u8>(ql + j, <u8>(l1 | (l2 << 4)));
    }
    m1 <<= 2;
    m2 <<= 2;
    ql += 32;
  }
}

/** Q5_K: 176 bytes per 256 weights; `importance` 0 for none, else one float per column. */
export function quantizeQ5K(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  const blocksPerRow = columns >> 8;
  for (let row = 0; row < rows; row++) {
    for (let block = 0; block < blocksPerRow; block++) {
      const index = <usize>row * <usize>blocksPerRow + <usize>block;
      quantizeBlockQ5K(source + (index << 10), out + index * 176, importance ? importance + (<usize>block << 10) : 0);
    }
  }
}

/** Q6_K's 210 bytes at `y` for the super-block at `x`. */
function quantizeBlockQ6K(x: usize, y: usize, importance: usize): void {
  let maxScale: f32 = 0;
  let maxAbsoluteScale: f32 = 0;
  for (let group = 0; group < 16; group++) {
    const scale = makeQxQuants(16, 32, x + (<usize>group << 6), levels + (group << 4), importance ? importance + (<usize>group << 6) : 0);
    store<f32>(scales + (<usize>group << 2), scale);
    if (abs<f32>(scale) > maxAbsoluteScale) {
      maxAbsoluteScale = abs<f32>(scale);
      maxScale = scale;
    }
  }
  if (maxAbsoluteScale < groupMaxEpsilon) {
    memory.fill(y, 0, 210);
    return;
  }
  const iscale: f32 = <f32>-128 / maxScale;
  storeHalf(y + 208, <f32>1 / iscale);
  for (let group = 0; group < 16; group++) store<i8>(y + 192 + group, <i8>min<i32>(127, nearestInt(iscale * load<f32>(scales + (<usize>group << 2)))));
  const d = loadHalf(y + 208);
  for (let group = 0; group < 16; group++) {
    const scale: f32 = d * <f32>load<i8>(y + 192 + group);
    if (scale == 0) continue;
    for (let l = 0; l < 16; l++) {
      const level = nearestInt(load<f32>(x + (<usize>((group << 4) + l) << 2)) / scale);
      store<u8>(levels + (group << 4) + l, <u8>(clamp(level, -32, 31) + 32));
    }
  }
  let ql = y;
  let qh = y + 128;
  for (let j = 0; j < 256; j += 128) {
    for (let l = 0; l < 32; l++) {
      const l1 = <u32>load<u8>(levels + j + l);
      const l2 = <u32>load<u8>(levels + j + l + 32);
      const l3 = <u32>load<u8>(levels + j + l + 64);
      const l4 = <u32>load<u8>(levels + j + l + 96);
      store<u8>(ql + l, <u8>((l1 & 0xf) | ((l3 & 0xf) << 4)));
      store<u8>(ql + l + 32, <u8>((l2 & 0xf) | ((l4 & 0xf) << 4)));
      store<u8>(qh + l, <u8>((l1 >> 4) | ((l2 >> 4) << 2) | ((l3 >> 4) << 4) | ((l4 >> 4) << 6)));
    }
    ql += 64;
    qh += 32;
  }
}

/** Q6_K: 210 bytes per 256 weights; `importance` 0 for none, else one float per column. */
export function quantizeQ6K(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  const blocksPerRow = columns >> 8;
  for (let row = 0; row < rows; row++) {
    for (let block = 0; block < blocksPerRow; block++) {
      const index = <usize>row * <usize>blocksPerRow + <usize>block;
      quantizeBlockQ6K(source + (index << 10), out + index * 210, importance ? importance + (<usize>block << 10) : 0);
    }
  }
}

/** Packs 256 2-bit levels: byte j/4 + l holds levels j + l, + 32, + 64, + 96 (Q2_K, Q3_K). */
function packTwoBit(out: usize): void {
  for (let j = 0; j < 256; j += 128) {
    for (let l = 0; l < 32; l++) {
      const packed = <u32>load<u8>(levels + j + l) | (<u32>load<u8>(levels + j + l + 32) << 2)
        | (<u32>load<u8>(levels + j + l + 64) << 4) | (<u32>load<u8>(levels + j + l + 96) << 6);
      store<u8>(out + (j >> 2) + l, <u8>packed);
    }
  }
}

/** Σx² over a super-block, in order. */
function sumOfSquares(x: usize): f32 {
  let sum: f32 = 0;
  for (let l = 0; l < 256; l++) {
    const value = load<f32>(x + (<usize>l << 2));
    sum += value * value;
  }
  return sum;
}

/** Σ of the 16 weights, in order. */
function sumOf16Weights(): f32 {
  let sum: f32 = 0;
  for (let l = 0; l < 16; l++) sum += load<f32>(weights + (<usize>l << 2));
  return sum;
}

/** Q2_K's 84 bytes at `y` (scales 0..15, levels 16..79, d 80, dmin 82) for the super-block at `x`. */
function quantizeBlockQ2K(x: usize, y: usize, importance: usize): void {
  const dAt = y + 80;
  if (!importance) {
    let maxScale: f32 = 0;
    let maxMinimum: f32 = 0;
    for (let j = 0; j < 16; j++) {
      const group = x + (<usize>j << 6);
      for (let l = 0; l < 16; l++) store<f32>(weights + (<usize>l << 2), abs<f32>(load<f32>(group + (<usize>l << 2))));
      const scale = makeAffineQuants(false, 16, 3, group, weights, levels + (j << 4), <f32>-0.5, <f32>0.1, 15, true);
      const minimum = affineMinimum;
      store<f32>(scales + (<usize>j << 2), scale);
      store<f32>(minimums + (<usize>j << 2), minimum);
      if (scale > maxScale) maxScale = scale;
      if (minimum > maxMinimum) maxMinimum = minimum;
    }
    if (maxScale > 0) {
      const iscale: f32 = <f32>15 / maxScale;
      for (let j = 0; j < 16; j++) store<u8>(y + j, <u8>nearestInt(iscale * load<f32>(scales + (<usize>j << 2))));
      storeHalf(dAt, maxScale / <f32>15);
    } else {
      memory.fill(y, 0, 16);
      storeHalf(dAt, 0);
    }
    if (maxMinimum > 0) {
      const iscale: f32 = <f32>15 / maxMinimum;
      for (let j = 0; j < 16; j++) store<u8>(y + j, <u8>(<u32>load<u8>(y + j) | (<u32>nearestInt(iscale * load<f32>(minimums + (<usize>j << 2))) << 4)));
      storeHalf(dAt + 2, maxMinimum / <f32>15);
    } else {
      storeHalf(dAt + 2, 0);
    }
  } else {
    const sigma2: f32 = sumOfSquares(x) / <f32>256;
    for (let j = 0; j < 16; j++) {
      const group = x + (<usize>j << 6);
      importanceWeights(group, importance + (<usize>j << 6), sigma2, weights, 16);
      store<f32>(sumsOfWeights + (<usize>j << 2), sumOf16Weights());
      store<f32>(scales + (<usize>j << 2), makeAffineQuants(true, 16, 3, group, weights, levels + (j << 4), <f32>-0.9, <f32>0.05, 36, false));
      store<f32>(minimums + (<usize>j << 2), affineMinimum);
    }
    const dm = makeQpQuants(16, 15, scales, scaleLevels, sumsOfWeights);
    const mm = makeQpQuants(16, 15, minimums, minimumLevels, sumsOfWeights);
    storeHalf(dAt, dm);
    storeHalf(dAt + 2, mm);
    for (let j = 0; j < 16; j++) store<u8>(y + j, <u8>(<u32>load<u8>(scaleLevels + j) | (<u32>load<u8>(minimumLevels + j) << 4)));
  }
  const d = loadHalf(dAt);
  const dmin = loadHalf(dAt + 2);
  for (let j = 0; j < 16; j++) {
    const packed = <u32>load<u8>(y + j);
    const scale: f32 = d * <f32>(packed & 0xf);
    if (scale == 0) continue;
    const minimum: f32 = dmin * <f32>(packed >> 4);
    const group = x + (<usize>j << 6);
    for (let l = 0; l < 16; l++) {
      const level = nearestInt((load<f32>(group + (<usize>l << 2)) + minimum) / scale);
      store<u8>(levels + (j << 4) + l, <u8>clamp(level, 0, 3));
    }
  }
  packTwoBit(y + 16);
}

/** Q2_K: 84 bytes per 256 weights; `importance` 0 for none, else one float per column. */
export function quantizeQ2K(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  const blocksPerRow = columns >> 8;
  for (let row = 0; row < rows; row++) {
    for (let block = 0; block < blocksPerRow; block++) {
      const index = <usize>row * <usize>blocksPerRow + <usize>block;
      quantizeBlockQ2K(source + (index << 10), out + index * 84, importance ? importance + (<usize>block << 10) : 0);
    }
  }
}

/** Q3_K's 6-bit scale `level` of group `j` into the 12 packed bytes at `packed`. */
function storeQ3Scale(packed: usize, j: i32, level: u32): void {
  if (j < 8) store<u8>(packed + j, <u8>(level & 0xf));
  else store<u8>(packed + j - 8, <u8>(<u32>load<u8>(packed + j - 8) | ((level & 0xf) << 4)));
  const high = packed + (j & 3) + 8;
  store<u8>(high, <u8>(<u32>load<u8>(high) | ((level >> 4) << (2 * (j >> 2)))));
}

/** Q3_K's 110 bytes at `y` (hmask 0..31, levels 32..95, scales 96..107, d 108) for the super-block at `x`. */
function quantizeBlockQ3K(x: usize, y: usize, importance: usize): void {
  const scalesAt = y + 96;
  const dAt = y + 108;
  memory.fill(scalesAt, 0, 12);
  if (!importance) {
    let maxScale: f32 = 0;
    let amax: f32 = 0;
    for (let j = 0; j < 16; j++) {
      const scale = makeQ3Quants(16, 4, x + (<usize>j << 6), levels + (j << 4));
      store<f32>(scales + (<usize>j << 2), scale);
      if (abs<f32>(scale) > amax) {
        amax = abs<f32>(scale);
        maxScale = scale;
      }
    }
    if (maxScale != 0) {
      const iscale: f32 = <f32>-32 / maxScale;
      for (let j = 0; j < 16; j++) {
        // int8_t l = nearest_int(...): the C code truncates to a byte before clamping.
        const l = (nearestInt(iscale * load<f32>(scales + (<usize>j << 2))) << 24) >> 24;
        storeQ3Scale(scalesAt, j, <u32>(clamp(l, -32, 31) + 32));
      }
      storeHalf(dAt, <f32>1 / iscale);
    } else {
      storeHalf(dAt, 0);
    }
  } else {
    const sigma2: f32 = (<f32>2 * sumOfSquares(x)) / <f32>256;
    for (let j = 0; j < 16; j++) {
      const group = x + (<usize>j << 6);
      importanceWeights(group, importance + (<usize>j << 6), sigma2, weights, 16);
      store<f32>(sumsOfWeights + (<usize>j << 2), sumOf16Weights());
      store<f32>(scales + (<usize>j << 2), makeQxQuants(16, 4, group, levels + (j << 4), weights));
    }
    const dBlock = makeQxQuants(16, 32, scales, scaleLevels, sumsOfWeights);
    for (let j = 0; j < 16; j++) storeQ3Scale(scalesAt, j, <u32>load<u8>(scaleLevels + j));
    storeHalf(dAt, dBlock);
  }
  const d = loadHalf(dAt);
  for (let j = 0; j < 16; j++) {
    const low = j < 8 ? <u32>load<u8>(scalesAt + j) & 0xf : <u32>load<u8>(scalesAt + j - 8) >> 4;
    const packedScale = <i32>(low | (((<u32>load<u8>(scalesAt + 8 + (j & 3)) >> (2 * (j >> 2))) & 3) << 4)) - 32;
    const scale: f32 = d * <f32>packedScale;
    if (scale == 0) continue;
    const group = x + (<usize>j << 6);
    for (let l = 0; l < 16; l++) {
      const level = nearestInt(load<f32>(group + (<usize>l << 2)) / scale);
      store<u8>(levels + (j << 4) + l, <u8>(clamp(level, -4, 3) + 4));
    }
  }
  memory.fill(y, 0, 32);
  let m = 0;
  let hm: u32 = 1;
  for (let j = 0; j < 256; j++) {
    const level = <u32>load<u8>(levels + j);
    if (level > 3) {
      store<u8>(y + m, <u8>(<u32>load<u8>(y + m) | hm));
      store<u8>(levels + j, <u8>(level - 4));
    }
    if (++m == 32) {
      m = 0;
      hm <<= 1;
    }
  }
  packTwoBit(y + 32);
}

/** Q3_K: 110 bytes per 256 weights; `importance` 0 for none, else one float per column. */
export function quantizeQ3K(source: usize, out: usize, rows: i32, columns: i32, importance: usize): void {
  const blocksPerRow = columns >> 8;
  for (let row = 0; row < rows; row++) {
    for (let block = 0; block < blocksPerRow; block++) {
      const index = <usize>row * <usize>blocksPerRow + <usize>block;
      quantizeBlockQ3K(source + (index << 10), out + index * 110, importance ? importance + (<usize>block << 10) : 0);
    }
  }
}
