// AssemblyScript (compiled to WebAssembly by scripts/build-kernels.mjs): f32 is native here, so
// each operation rounds exactly as ggml's C float arithmetic does, with no emulation.

/** ggml's GROUP_MAX_EPS (1e-15f). */
export const groupMaxEpsilon: f32 = <f32>1e-15;
/** 0.1f, the step of the scale searches. */
export const tenth: f32 = <f32>0.1;

/** ggml's nearest_int: add 1.5·2^23 and read the mantissa (round half to even). */
// @ts-ignore: decorator
@inline export function nearestInt(value: f32): i32 {
  const shifted: f32 = value + <f32>12582912.0;
  return (reinterpret<i32>(shifted) & 0x007fffff) - 0x00400000;
}

/** ggml_compute_fp32_to_fp16 of ggml-impl.h, bit for bit (round to nearest even, NaN → 0x7E00). */
export function float32ToFloat16Bits(value: f32): u32 {
  const scaleToInfinity = reinterpret<f32>(0x77800000); // 2^112
  const scaleToZero = reinterpret<f32>(0x08800000); // 2^-110
  let base: f32 = (abs<f32>(value) * scaleToInfinity) * scaleToZero;
  const w = reinterpret<u32>(value);
  const shiftedLeft = w + w;
  const sign = w & 0x80000000;
  let bias = shiftedLeft & 0xff000000;
  if (bias < 0x71000000) bias = 0x71000000;
  base = reinterpret<f32>((bias >> 1) + 0x07800000) + base;
  const bits = reinterpret<u32>(base);
  const nonSign = ((bits >> 13) & 0x00007c00) + (bits & 0x00000fff);
  return ((sign >> 16) | (shiftedLeft > 0xff000000 ? 0x7e00 : nonSign)) & 0xffff;
}

/** IEEE half bits → float32 (exact). */
export function float16BitsToFloat32(half: u32): f32 {
  const sign = (half & 0x8000) << 16;
  const exponent = (half >> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent == 0) {
    const magnitude: f32 = <f32>mantissa * reinterpret<f32>(0x33800000); // 2^-24
    return sign ? -magnitude : magnitude;
  }
  if (exponent == 31) return reinterpret<f32>(sign | 0x7f800000 | (mantissa << 13));
  return reinterpret<f32>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

/** Stores `value` as ggml_half at `pointer` and returns the float the half holds. */
export function storeHalf(pointer: usize, value: f32): f32 {
  const half = float32ToFloat16Bits(value);
  store<u16>(pointer, <u16>half);
  return float16BitsToFloat32(half);
}

/** Reads the ggml_half at `pointer`. */
// @ts-ignore: decorator
@inline export function loadHalf(pointer: usize): f32 {
  return float16BitsToFloat32(<u32>load<u16>(pointer));
}

/** The value of largest magnitude among `count` floats (sign kept, the first on ties). */
export function signedMaximum(x: usize, count: i32): f32 {
  let amax: f32 = 0;
  let maximum: f32 = 0;
  for (let i = 0; i < count; i++) {
    const value = load<f32>(x + (<usize>i << 2));
    if (abs<f32>(value) > amax) {
      amax = abs<f32>(value);
      maximum = value;
    }
  }
  return maximum;
}
