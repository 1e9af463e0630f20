// The scale searches of ggml-quants.c (make_qx_quants, make_q3_quants, make_qkx2_quants,
// make_qkx3_quants, make_qp_quants), same loop order and float32 rounding as the C code.
import * as arithmetic from './float32-arithmetic.js';

// Imported helpers are rebound to module constants: test runners that transform modules turn
// each imported name into a property lookup, which costs 10× in these hot loops.
const fround = Math.fround;
const nearestInt = arithmetic.nearestInt;
const groupMaxEpsilon = arithmetic.groupMaxEpsilon;

const tenth = fround(0.1);
const qxWeights = new Float32Array(256);
const affineWeights = new Float32Array(256);

/**
 * The value of largest magnitude among `count` values from `offset`, sign kept (the first on
 * ties): ggml's amax/max scan, which every scale search starts from.
 *
 * @example
 * ```ts
 * signedMaximum(Float32Array.of(0.5, -2, 2), 0, 3); // -2
 * ```
 */
export function signedMaximum(source: Float32Array, offset: number, count: number): number {
  let amax = 0;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const value = source[offset + i]!;
    if (Math.abs(value) > amax) { amax = Math.abs(value); max = value; }
  }
  return max;
}

/**
 * Symmetric quantisation of `n` values at `x[xOffset]` to levels -nmax..nmax-1 (stored + nmax in
 * `levels`). `weights` null means the rmse_type rule. Returns the scale.
 */
export function makeQxQuants(
  n: number, nmax: number, x: Float32Array, xOffset: number, levels: Int8Array | Uint8Array, levelsOffset: number,
  rmseType: number, weights: Float32Array | null, weightsOffset: number,
): number {
  const max = signedMaximum(x, xOffset, n);
  if (Math.abs(max) < groupMaxEpsilon) {
    for (let i = 0; i < n; i++) levels[levelsOffset + i] = 0;
    return 0;
  }
  let iscale = fround(-nmax / max);
  if (rmseType === 0) {
    for (let i = 0; i < n; i++) {
      const l = nearestInt(fround(iscale * x[xOffset + i]!));
      levels[levelsOffset + i] = nmax + Math.max(-nmax, Math.min(nmax - 1, l));
    }
    return fround(1 / iscale);
  }
  let returnEarly = false;
  if (rmseType < 0) { rmseType = -rmseType; returnEarly = true; }
  // The per-value weights (given, or from rmse_type) computed once: the search loops reuse them.
  const w = qxWeights;
  for (let i = 0; i < n; i++) {
    const value = x[xOffset + i]!;
    w[i] = weights ? weights[weightsOffset + i]!
      : rmseType === 1 ? fround(value * value)
        : rmseType === 2 ? 1
          : rmseType === 3 ? Math.abs(value)
            : fround(Math.sqrt(Math.abs(value)));
  }
  let sumlx = 0;
  let suml2 = 0;
  for (let i = 0; i < n; i++) {
    const value = x[xOffset + i]!;
    let l = nearestInt(fround(iscale * value));
    l = Math.max(-nmax, Math.min(nmax - 1, l));
    levels[levelsOffset + i] = l + nmax;
    sumlx = fround(sumlx + fround(fround(w[i]! * value) * l));
    suml2 = fround(suml2 + fround(fround(w[i]! * l) * l));
  }
  let scale = suml2 ? fround(sumlx / suml2) : 0;
  if (returnEarly) return suml2 > 0 ? fround(0.5 * fround(scale + fround(1 / iscale))) : fround(1 / iscale);
  let best = fround(scale * sumlx);
  for (let is = -9; is <= 9; is++) {
    if (is === 0) continue;
    iscale = fround(-fround(nmax + fround(tenth * is)) / max);
    sumlx = 0;
    suml2 = 0;
    for (let i = 0; i < n; i++) {
      const value = x[xOffset + i]!;
      let l = nearestInt(fround(iscale * value));
      l = Math.max(-nmax, Math.min(nmax - 1, l));
      sumlx = fround(sumlx + fround(fround(w[i]! * value) * l));
      suml2 = fround(suml2 + fround(fround(w[i]! * l) * l));
    }
    if (suml2 > 0 && fround(sumlx * sumlx) > fround(best * suml2)) {
      for (let i = 0; i < n; i++) {
        const l = nearestInt(fround(iscale * x[xOffset + i]!));
        levels[levelsOffset + i] = nmax + Math.max(-nmax, Math.min(nmax - 1, l));
      }
      scale = fround(sumlx / suml2);
      best = fround(scale * sumlx);
    }
  }
  return scale;
}


/** make_q3_quants: levels -nmax..nmax-1 with an iterative refinement (weights x²). */
export function makeQ3Quants(n: number, nmax: number, x: Float32Array, xOffset: number, levels: Int8Array, levelsOffset: number, doRmse: boolean): number {
  const max = signedMaximum(x, xOffset, n);
  if (Math.abs(max) < groupMaxEpsilon) {
    for (let i = 0; i < n; i++) levels[levelsOffset + i] = 0;
    return 0;
  }
  const iscale = fround(-nmax / max);
  if (doRmse) {
    let sumlx = 0;
    let suml2 = 0;
    for (let i = 0; i < n; i++) {
      const value = x[xOffset + i]!;
      let l = nearestInt(fround(iscale * value));
      l = Math.max(-nmax, Math.min(nmax - 1, l));
      levels[levelsOffset + i] = l;
      const w = fround(value * value);
      sumlx = fround(sumlx + fround(fround(w * value) * l));
      suml2 = fround(suml2 + fround(fround(w * l) * l));
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      let changed = 0;
      for (let i = 0; i < n; i++) {
        const value = x[xOffset + i]!;
        const w = fround(value * value);
        const current = levels[levelsOffset + i]!;
        let slx = fround(sumlx - fround(fround(w * value) * current));
        if (slx > 0) {
          let sl2 = fround(suml2 - fround(fround(w * current) * current));
          let newL = nearestInt(fround(fround(value * sl2) / slx));
          newL = Math.max(-nmax, Math.min(nmax - 1, newL));
          if (newL !== current) {
            slx = fround(slx + fround(fround(w * value) * newL));
            sl2 = fround(sl2 + fround(fround(w * newL) * newL));
            if (sl2 > 0 && fround(fround(slx * slx) * suml2) > fround(fround(sumlx * sumlx) * sl2)) {
              levels[levelsOffset + i] = newL;
              sumlx = slx;
              suml2 = sl2;
              changed++;
            }
          }
        }
      }
      if (!changed) break;
    }
    for (let i = 0; i < n; i++) levels[levelsOffset + i] = levels[levelsOffset + i]! + nmax;
    return suml2 > 0 ? fround(sumlx / suml2) : 0;
  }
  for (let i = 0; i < n; i++) {
    let l = nearestInt(fround(iscale * x[xOffset + i]!));
    l = Math.max(-nmax, Math.min(nmax - 1, l));
    levels[levelsOffset + i] = l + nmax;
  }
  return fround(1 / iscale);
}

/** Result slot for the minimum of the affine searches (ggml's `the_min` out-parameter). */
export const affineMinimum = new Float32Array(1);

/**
 * make_qkx2_quants (weights required) and make_qkx3_quants (weights null → x²): affine levels
 * 0..nmax with a grid search over the scale. Stores `-min` in `affineMinimum[0]`, returns the scale.
 */
export function makeAffineQuants(
  variant: 2 | 3, n: number, nmax: number, x: Float32Array, xOffset: number,
  weights: Float32Array | null, levels: Uint8Array, levelsOffset: number, scratch: Uint8Array,
  rmin: number, rdelta: number, steps: number, useMad: boolean,
): number {
  // Given weights, or x² (make_qkx3_quants without weights), computed once for all search steps.
  const w = affineWeights;
  for (let i = 0; i < n; i++) w[i] = weights ? weights[i]! : fround(x[xOffset + i]! * x[xOffset + i]!);
  let min = x[xOffset]!;
  let max = x[xOffset]!;
  const sumW0 = w[0]!;
  let sumW = sumW0;
  let sumX = fround(sumW0 * x[xOffset]!);
  for (let i = 1; i < n; i++) {
    const value = x[xOffset + i]!;
    if (value < min) min = value;
    if (value > max) max = value;
    sumW = fround(sumW + w[i]!);
    sumX = fround(sumX + fround(w[i]! * value));
  }
  if (min > 0) min = 0;
  if (variant === 2 ? max === min : max <= min) {
    for (let i = 0; i < n; i++) levels[levelsOffset + i] = 0;
    affineMinimum[0] = -min;
    return 0;
  }
  let iscale = fround(nmax / fround(max - min));
  let scale = fround(1 / iscale);
  let bestError = 0;
  for (let i = 0; i < n; i++) {
    const value = x[xOffset + i]!;
    const l = nearestInt(fround(iscale * fround(value - min)));
    const level = Math.max(0, Math.min(nmax, l));
    levels[levelsOffset + i] = level;
    let difference = fround(fround(fround(scale * level) + min) - value);
    difference = useMad ? Math.abs(difference) : fround(difference * difference);
    bestError = fround(bestError + fround(w[i]! * difference));
  }
  if (steps < 1) {
    affineMinimum[0] = -min;
    return scale;
  }
  for (let is = 0; is <= steps; is++) {
    // `min` moves when a better fit is found, and later steps search around the new one (as in C).
    iscale = fround(fround(fround(rmin + fround(rdelta * is)) + nmax) / fround(max - min));
    // The sums depend only on the levels: when a step gives the previous step's levels, its fit
    // equals that step's, which was either accepted already or rejected, so it can be skipped.
    let changed = is === 0;
    for (let i = 0; i < n; i++) {
      let l = nearestInt(fround(iscale * fround(x[xOffset + i]! - min)));
      l = Math.max(0, Math.min(nmax, l));
      if (scratch[i] !== l) {
        scratch[i] = l;
        changed = true;
      }
    }
    if (!changed) continue;
    let sumL = 0;
    let sumL2 = 0;
    let sumXL = 0;
    for (let i = 0; i < n; i++) {
      const l = scratch[i]!;
      const wl = fround(w[i]! * l);
      sumL = fround(sumL + wl);
      sumL2 = fround(sumL2 + fround(wl * l));
      sumXL = fround(sumXL + fround(wl * x[xOffset + i]!));
    }
    const determinant = fround(fround(sumW * sumL2) - fround(sumL * sumL));
    if (determinant > 0) {
      let thisScale = fround(fround(fround(sumW * sumXL) - fround(sumX * sumL)) / determinant);
      let thisMin = fround(fround(fround(sumL2 * sumX) - fround(sumL * sumXL)) / determinant);
      if (thisMin > 0) {
        thisMin = 0;
        thisScale = fround(sumXL / sumL2);
      }
      let error = 0;
      for (let i = 0; i < n; i++) {
        let difference = fround(fround(fround(thisScale * scratch[i]!) + thisMin) - x[xOffset + i]!);
        difference = useMad ? Math.abs(difference) : fround(difference * difference);
        error = fround(error + fround(w[i]! * difference));
      }
      if (error < bestError) {
        for (let i = 0; i < n; i++) levels[levelsOffset + i] = scratch[i]!;
        bestError = error;
        scale = thisScale;
        min = thisMin;
      }
    }
  }
  affineMinimum[0] = -min;
  return scale;
}

/** make_qp_quants: positive values to levels 0..nmax under importance weights. */
export function makeQpQuants(n: number, nmax: number, x: Float32Array, levels: Uint8Array, weights: Float32Array): number {
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, x[i]!);
  if (max < groupMaxEpsilon) {
    for (let i = 0; i < n; i++) levels[i] = 0;
    return 0;
  }
  let iscale = fround(nmax / max);
  for (let i = 0; i < n; i++) levels[i] = nearestInt(fround(iscale * x[i]!));
  const scale = fround(1 / iscale);
  let bestMse = 0;
  for (let i = 0; i < n; i++) {
    const difference = fround(x[i]! - fround(scale * levels[i]!));
    bestMse = fround(bestMse + fround(fround(weights[i]! * difference) * difference));
  }
  for (let is = -4; is <= 4; is++) {
    if (is === 0) continue;
    const iscaleIs = fround(fround(fround(tenth * is) + nmax) / max);
    const scaleIs = fround(1 / iscaleIs);
    let mse = 0;
    for (let i = 0; i < n; i++) {
      let l = nearestInt(fround(iscaleIs * x[i]!));
      l = Math.min(nmax, l);
      const difference = fround(x[i]! - fround(scaleIs * l));
      mse = fround(mse + fround(fround(weights[i]! * difference) * difference));
    }
    if (mse < bestMse) {
      bestMse = mse;
      iscale = iscaleIs;
    }
  }
  let sumlx = 0;
  let suml2 = 0;
  for (let i = 0; i < n; i++) {
    let l = nearestInt(fround(iscale * x[i]!));
    l = Math.min(nmax, l);
    levels[i] = l;
    const w = weights[i]!;
    sumlx = fround(sumlx + fround(fround(w * x[i]!) * l));
    suml2 = fround(suml2 + fround(fround(w * l) * l));
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      const current = levels[i]!;
      let slx = fround(sumlx - fround(fround(w * x[i]!) * current));
      let sl2 = fround(suml2 - fround(fround(w * current) * current));
      if (slx > 0 && sl2 > 0) {
        let newL = nearestInt(fround(fround(x[i]! * sl2) / slx));
        newL = Math.min(nmax, newL);
        if (newL !== current) {
          slx = fround(slx + fround(fround(w * x[i]!) * newL));
          sl2 = fround(sl2 + fround(fround(w * newL) * newL));
          if (fround(fround(slx * slx) * suml2) > fround(fround(sumlx * sumlx) * sl2)) {
            levels[i] = newL;
            sumlx = slx;
            suml2 = sl2;
            changed++;
          }
        }
      }
    }
    if (!changed) break;
  }
  return suml2 > 0 ? fround(sumlx / suml2) : 0;
}
