// The scale searches of ggml-quants.c that the WebAssembly kernels need (make_qx_quants with
// rmse_type 1, make_qkx2_quants / make_qkx3_quants, make_qp_quants): same loop order as the C code.
import { groupMaxEpsilon, nearestInt, signedMaximum, tenth } from './float32-helpers';

// Scratch: weights and their products with x, candidate levels and the best levels (as i32 lanes).
const searchWeights = memory.data(32 * 4, 16);
const weightedValues = memory.data(32 * 4, 16);
const candidateLevels = memory.data(32 * 4, 16);
const bestLevels = memory.data(32 * 4, 16);

/** The minimum found by the last {@link makeAffineQuants} call, negated (ggml's `the_min`). */
export let affineMinimum: f32 = 0;

// The element-wise work runs on four lanes; every sum is still added one value at a time in the
// C code's order (float addition is not associative), by adding the lanes of each product in turn.

/** `accumulator + v[0] + v[1] + v[2] + v[3]`, left to right. */
// @ts-ignore: decorator
@inline function addLanes(accumulator: f32, lanes: v128): f32 {
  accumulator += f32x4.extract_lane(lanes, 0);
  accumulator += f32x4.extract_lane(lanes, 1);
  accumulator += f32x4.extract_lane(lanes, 2);
  accumulator += f32x4.extract_lane(lanes, 3);
  return accumulator;
}

/** nearest_int on four lanes (the same 1.5·2^23 trick). */
// @ts-ignore: decorator
@inline export function nearestIntLanes(value: v128): v128 {
  const shifted = f32x4.add(value, f32x4.splat(12582912.0));
  return i32x4.sub(v128.and(shifted, i32x4.splat(0x007fffff)), i32x4.splat(0x00400000));
}

/** `n` (a multiple of 16) i32 levels plus `offset` as bytes at `out`. */
function narrowLevels(levels: usize, n: i32, offset: i32, out: usize): void {
  const shift = i32x4.splat(offset);
  for (let i = 0; i < n; i += 16) {
    const a = i32x4.add(v128.load(levels + (<usize>i << 2)), shift);
    const b = i32x4.add(v128.load(levels + (<usize>(i + 4) << 2)), shift);
    const c = i32x4.add(v128.load(levels + (<usize>(i + 8) << 2)), shift);
    const d = i32x4.add(v128.load(levels + (<usize>(i + 12) << 2)), shift);
    v128.store(out + i, i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(a, b), i16x8.narrow_i32x4_s(c, d)));
  }
}

const stepScales = memory.data(20 * 4, 16);
const stepSumlx = memory.data(20 * 4, 16);
const stepSuml2 = memory.data(20 * 4, 16);

/**
 * make_qx_quants with rmse_type 1 for `n` (16 or 32) values: levels -nmax..nmax-1 stored + nmax as
 * bytes at `levels`; `weights` 0 means x². Returns the scale.
 *
 * The 19 trial scales are independent, so four run at once, one per lane: each lane still adds
 * its values one at a time in C's order. Then the trials are compared in C's order.
 */
export function makeQxQuants(n: i32, nmax: i32, x: usize, levels: usize, weights: usize): f32 {
  const maximum = signedMaximum(x, n);
  if (abs<f32>(maximum) < groupMaxEpsilon) {
    memory.fill(levels, 0, n);
    return 0;
  }
  for (let i = 0; i < n; i += 4) {
    const value = v128.load(x + (<usize>i << 2));
    const weight = weights ? v128.load(weights + (<usize>i << 2)) : f32x4.mul(value, value);
    v128.store(searchWeights + (<usize>i << 2), weight);
    v128.store(weightedValues + (<usize>i << 2), f32x4.mul(weight, value));
  }
  // Trial 0 is the plain scale, trials 1..18 are is = -9..-1, 1..9; trial 19 pads the last lane.
  const plain: f32 = -<f32>nmax / maximum;
  store<f32>(stepScales, plain);
  for (let trial = 1; trial < 19; trial++) {
    const step = trial <= 9 ? trial - 10 : trial - 9;
    store<f32>(stepScales + (<usize>trial << 2), -(<f32>nmax + tenth * <f32>step) / maximum);
  }
  store<f32>(stepScales + (19 << 2), plain);
  const low = i32x4.splat(-nmax);
  const high = i32x4.splat(nmax - 1);
  for (let group = 0; group < 20; group += 4) {
    const scales = v128.load(stepScales + (<usize>group << 2));
    let sumlx = f32x4.splat(0);
    let suml2 = f32x4.splat(0);
    for (let i = 0; i < n; i++) {
      const l = i32x4.max_s(low, i32x4.min_s(high, nearestIntLanes(f32x4.mul(scales, f32x4.splat(load<f32>(x + (<usize>i << 2)))))));
      const level = f32x4.convert_i32x4_s(l);
      sumlx = f32x4.add(sumlx, f32x4.mul(f32x4.splat(load<f32>(weightedValues + (<usize>i << 2))), level));
      suml2 = f32x4.add(suml2, f32x4.mul(f32x4.mul(f32x4.splat(load<f32>(searchWeights + (<usize>i << 2))), level), level));
    }
    v128.store(stepSumlx + (<usize>group << 2), sumlx);
    v128.store(stepSuml2 + (<usize>group << 2), suml2);
  }
  let sumlx = load<f32>(stepSumlx);
  let suml2 = load<f32>(stepSuml2);
  let scale: f32 = suml2 != 0 ? sumlx / suml2 : 0;
  let best: f32 = scale * sumlx;
  let chosen = plain;
  for (let trial = 1; trial < 19; trial++) {
    sumlx = load<f32>(stepSumlx + (<usize>trial << 2));
    suml2 = load<f32>(stepSuml2 + (<usize>trial << 2));
    if (suml2 > 0 && sumlx * sumlx > best * suml2) {
      chosen = load<f32>(stepScales + (<usize>trial << 2));
      scale = sumlx / suml2;
      best = scale * sumlx;
    }
  }
  const chosenLanes = f32x4.splat(chosen);
  for (let i = 0; i < n; i += 4) {
    const offset = <usize>i << 2;
    v128.store(bestLevels + offset, i32x4.max_s(low, i32x4.min_s(high, nearestIntLanes(f32x4.mul(chosenLanes, v128.load(x + offset))))));
  }
  narrowLevels(bestLevels, n, nmax, levels);
  return scale;
}

/**
 * make_qkx2_quants (`variant3` false) and make_qkx3_quants (true) for `n` (16 or 32) values with
 * given weights: affine levels 0..nmax by a grid search over the scale (`steps` ≥ 1), the error
 * squared or absolute (`useMad`). Sets {@link affineMinimum}; returns the scale.
 */
export function makeAffineQuants(
  variant3: bool, n: i32, nmax: i32, x: usize, w: usize, levels: usize,
  rmin: f32, rdelta: f32, steps: i32, useMad: bool,
): f32 {
  let sumW: f32 = 0;
  let sumX: f32 = 0;
  for (let i = 0; i < n; i += 4) {
    const weight = v128.load(w + (<usize>i << 2));
    sumW = addLanes(sumW, weight);
    sumX = addLanes(sumX, f32x4.mul(weight, v128.load(x + (<usize>i << 2))));
  }
  // Scalar on purpose: the first of equal values wins, so a zero minimum keeps C's sign, which
  // Q4_1 and Q5_1 store.
  let minimum = load<f32>(x);
  let maximum = minimum;
  for (let i = 1; i < n; i++) {
    const value = load<f32>(x + (<usize>i << 2));
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  if (minimum > 0) minimum = 0;
  if (variant3 ? maximum <= minimum : maximum == minimum) {
    memory.fill(levels, 0, n);
    affineMinimum = -minimum;
    return 0;
  }
  const zero = i32x4.splat(0);
  const top = i32x4.splat(nmax);
  let iscale: f32 = <f32>nmax / (maximum - minimum);
  let scale: f32 = <f32>1 / iscale;
  let bestError: f32 = 0;
  let iscaleLanes = f32x4.splat(iscale);
  let shiftLanes = f32x4.splat(minimum);
  const scaleLanes = f32x4.splat(scale);
  for (let i = 0; i < n; i += 4) {
    const offset = <usize>i << 2;
    const value = v128.load(x + offset);
    const l = i32x4.max_s(zero, i32x4.min_s(top, nearestIntLanes(f32x4.mul(iscaleLanes, f32x4.sub(value, shiftLanes)))));
    v128.store(bestLevels + offset, l);
    const difference = f32x4.sub(f32x4.add(f32x4.mul(scaleLanes, f32x4.convert_i32x4_s(l)), shiftLanes), value);
    bestError = addLanes(bestError, f32x4.mul(v128.load(w + offset), useMad ? f32x4.abs(difference) : f32x4.mul(difference, difference)));
  }
  for (let step = 0; step <= steps; step++) {
    // `minimum` moves when a better fit is found; later steps search around the new one (as in C).
    iscale = ((rmin + rdelta * <f32>step) + <f32>nmax) / (maximum - minimum);
    iscaleLanes = f32x4.splat(iscale);
    shiftLanes = f32x4.splat(minimum);
    // The sums depend only on the levels: a step that gives the previous step's levels has that
    // step's fit, already accepted or rejected, so it is skipped.
    let changed = i32x4.splat(step == 0 ? 1 : 0);
    for (let i = 0; i < n; i += 4) {
      const offset = <usize>i << 2;
      const l = i32x4.max_s(zero, i32x4.min_s(top, nearestIntLanes(f32x4.mul(iscaleLanes, f32x4.sub(v128.load(x + offset), shiftLanes)))));
      changed = v128.or(changed, v128.xor(l, v128.load(candidateLevels + offset)));
      v128.store(candidateLevels + offset, l);
    }
    if (!v128.any_true(changed)) continue;
    let sumL: f32 = 0;
    let sumL2: f32 = 0;
    let sumXL: f32 = 0;
    for (let i = 0; i < n; i += 4) {
      const offset = <usize>i << 2;
      const level = f32x4.convert_i32x4_s(v128.load(candidateLevels + offset));
      const weightedLevel = f32x4.mul(v128.load(w + offset), level);
      sumL = addLanes(sumL, weightedLevel);
      sumL2 = addLanes(sumL2, f32x4.mul(weightedLevel, level));
      sumXL = addLanes(sumXL, f32x4.mul(weightedLevel, v128.load(x + offset)));
    }
    const determinant: f32 = sumW * sumL2 - sumL * sumL;
    if (determinant > 0) {
      let thisScale: f32 = (sumW * sumXL - sumX * sumL) / determinant;
      let thisMinimum: f32 = (sumL2 * sumX - sumL * sumXL) / determinant;
      if (thisMinimum > 0) {
        thisMinimum = 0;
        thisScale = sumXL / sumL2;
      }
      const thisScaleLanes = f32x4.splat(thisScale);
      const thisMinimumLanes = f32x4.splat(thisMinimum);
      let error: f32 = 0;
      for (let i = 0; i < n; i += 4) {
        const offset = <usize>i << 2;
        const level = f32x4.convert_i32x4_s(v128.load(candidateLevels + offset));
        const difference = f32x4.sub(f32x4.add(f32x4.mul(thisScaleLanes, level), thisMinimumLanes), v128.load(x + offset));
        error = addLanes(error, f32x4.mul(v128.load(w + offset), useMad ? f32x4.abs(difference) : f32x4.mul(difference, difference)));
      }
      if (error < bestError) {
        memory.copy(bestLevels, candidateLevels, <usize>n << 2);
        bestError = error;
        scale = thisScale;
        minimum = thisMinimum;
      }
    }
  }
  narrowLevels(bestLevels, n, 0, levels);
  affineMinimum = -minimum;
  return scale;
}

/** make_qp_quants: `n` non-negative values to byte levels 0..nmax under `weights`. Returns the scale. */
export function makeQpQuants(n: i32, nmax: i32, x: usize, levels: usize, weights: usize): f32 {
  let maximum: f32 = 0;
  for (let i = 0; i < n; i++) maximum = max<f32>(maximum, load<f32>(x + (<usize>i << 2)));
  if (maximum < groupMaxEpsilon) {
    memory.fill(levels, 0, n);
    return 0;
  }
  let iscale: f32 = <f32>nmax / maximum;
  for (let i = 0; i < n; i++) store<u8>(levels + i, <u8>nearestInt(iscale * load<f32>(x + (<usize>i << 2))));
  const scale: f32 = <f32>1 / iscale;
  let bestMse: f32 = 0;
  for (let i = 0; i < n; i++) {
    const difference: f32 = load<f32>(x + (<usize>i << 2)) - scale * <f32>load<u8>(levels + i);
    bestMse += (load<f32>(weights + (<usize>i << 2)) * difference) * difference;
  }
  for (let step = -4; step <= 4; step++) {
    if (step == 0) continue;
    const iscaleStep: f32 = (tenth * <f32>step + <f32>nmax) / maximum;
    const scaleStep: f32 = <f32>1 / iscaleStep;
    let mse: f32 = 0;
    for (let i = 0; i < n; i++) {
      const value = load<f32>(x + (<usize>i << 2));
      const l = min<i32>(nmax, nearestInt(iscaleStep * value));
      const difference: f32 = value - scaleStep * <f32>l;
      mse += (load<f32>(weights + (<usize>i << 2)) * difference) * difference;
    }
    if (mse < bestMse) {
      bestMse = mse;
      iscale = iscaleStep;
    }
  }
  let sumlx: f32 = 0;
  let suml2: f32 = 0;
  for (let i = 0; i < n; i++) {
    const value = load<f32>(x + (<usize>i << 2));
    const weight = load<f32>(weights + (<usize>i << 2));
    const l = min<i32>(nmax, nearestInt(iscale * value));
    store<u8>(levels + i, <u8>l);
    sumlx += (weight * value) * <f32>l;
    suml2 += (weight * <f32>l) * <f32>l;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const value = load<f32>(x + (<usize>i << 2));
      const weight = load<f32>(weights + (<usize>i << 2));
      const current = <f32>load<u8>(levels + i);
      let slx: f32 = sumlx - (weight * value) * current;
      let sl2: f32 = suml2 - (weight * current) * current;
      if (slx > 0 && sl2 > 0) {
        const newLevel = min<i32>(nmax, nearestInt((value * sl2) / slx));
        if (newLevel != <i32>load<u8>(levels + i)) {
          slx += (weight * value) * <f32>newLevel;
          sl2 += (weight * <f32>newLevel) * <f32>newLevel;
          if ((slx * slx) * suml2 > (sumlx * sumlx) * sl2) {
            store<u8>(levels + i, <u8>newLevel);
            sumlx = slx;
            suml2 = sl2;
            changed++;
          }
        }
      }
    }
    if (!changed) break;
  }
  return suml2 > 0 ? sumlx / suml2 : 0;
}

const q3Levels = memory.data(16, 16);

/**
 * make_q3_quants with do_rmse: `n` levels -nmax..nmax-1 refined iteratively under weights x²,
 * stored + nmax as bytes at `levels`. Returns the scale.
 */
export function makeQ3Quants(n: i32, nmax: i32, x: usize, levels: usize): f32 {
  const maximum = signedMaximum(x, n);
  if (abs<f32>(maximum) < groupMaxEpsilon) {
    memory.fill(levels, 0, n);
    return 0;
  }
  const iscale: f32 = -<f32>nmax / maximum;
  let sumlx: f32 = 0;
  let suml2: f32 = 0;
  for (let i = 0; i < n; i++) {
    const value = load<f32>(x + (<usize>i << 2));
    const l = max<i32>(-nmax, min<i32>(nmax - 1, nearestInt(iscale * value)));
    store<i8>(q3Levels + i, <i8>l);
    const weight: f32 = value * value;
    sumlx += (weight * value) * <f32>l;
    suml2 += (weight * <f32>l) * <f32>l;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const value = load<f32>(x + (<usize>i << 2));
      const weight: f32 = value * value;
      const current = <i32>load<i8>(q3Levels + i);
      let slx: f32 = sumlx - (weight * value) * <f32>current;
      if (slx > 0) {
        let sl2: f32 = suml2 - (weight * <f32>current) * <f32>current;
        const newLevel = max<i32>(-nmax, min<i32>(nmax - 1, nearestInt((value * sl2) / slx)));
        if (newLevel != current) {
          slx += (weight * value) * <f32>newLevel;
          sl2 += (weight * <f32>newLevel) * <f32>newLevel;
          if (sl2 > 0 && (slx * slx) * suml2 > (sumlx * sumlx) * sl2) {
            store<i8>(q3Levels + i, <i8>newLevel);
            sumlx = slx;
            suml2 = sl2;
            changed++;
          }
        }
      }
    }
    if (!changed) break;
  }
  for (let i = 0; i < n; i++) store<u8>(levels + i, <u8>(<i32>load<i8>(q3Levels + i) + nmax));
  return suml2 > 0 ? sumlx / suml2 : 0;
}
