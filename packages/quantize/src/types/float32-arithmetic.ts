// ggml computes in float32; JavaScript in float64. Every operation of the reference code is
// followed by `fround`, so each intermediate is the float32 the C code holds.

/** Rounds to float32 (one C `float` operation's result). */
export const fround = Math.fround;

const bits = new DataView(new ArrayBuffer(4));

/**
 * ggml's `nearest_int`: adds 1.5·2^23 in float32 and reads the mantissa, i.e. rounds half to even.
 * For finite inputs within ±2^22 that is `fround(x + 12582912) - 12582912`; other inputs follow the
 * bit trick literally so even infinities give ggml's number.
 */
export function nearestInt(value: number): number {
  const shifted = fround(value + 12582912);
  if (shifted >= 8388608 && shifted < 16777216) return shifted - 12582912;
  bits.setFloat32(0, shifted, true);
  return (bits.getInt32(0, true) & 0x007fffff) - 0x00400000;
}

/** C's `roundf`: halves away from zero. */
export function roundHalfAwayFromZero(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/** float32 `1e-15f`, ggml's GROUP_MAX_EPS. */
export const groupMaxEpsilon = fround(1e-15);
