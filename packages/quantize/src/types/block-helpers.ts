import * as halfPrecision from '../ggml/half-precision.js';

// Rebound once: module namespace lookups are slow in the hot loops that call these.
const float16BitsToFloat32 = halfPrecision.float16BitsToFloat32;

/** Reads the ggml_half at `offset`. */
export function loadHalf(data: Uint8Array, offset: number): number {
  return float16BitsToFloat32(data[offset]! | (data[offset + 1]! << 8));
}
