import * as halfPrecision from '../ggml/half-precision.js';

// Rebound once: module namespace lookups are slow in the hot loops that call these.
const float16BitsToFloat32 = halfPrecision.float16BitsToFloat32;
const float32ToFloat16Bits = halfPrecision.float32ToFloat16Bits;

/** Writes `value` as ggml_half at `offset` (little-endian) and returns the stored float. */
export function storeHalf(out: Uint8Array, offset: number, value: number): number {
  const half = float32ToFloat16Bits(value);
  out[offset] = half & 0xff;
  out[offset + 1] = half >>> 8;
  return float16BitsToFloat32(half);
}

/** Reads the ggml_half at `offset`. */
export function loadHalf(data: Uint8Array, offset: number): number {
  return float16BitsToFloat32(data[offset]! | (data[offset + 1]! << 8));
}
