// Conversions between float32 and the 16-bit formats exactly as ggml-base computes them
// (ggml-impl.h ggml_compute_fp32_to_fp16 / _bf16), so quantised bytes match bit for bit.

const scratch = new DataView(new ArrayBuffer(4));

function floatToBits(value: number): number {
  scratch.setFloat32(0, value, true);
  return scratch.getUint32(0, true);
}

function bitsToFloat(bits: number): number {
  scratch.setUint32(0, bits >>> 0, true);
  return scratch.getFloat32(0, true);
}

const scaleToInfinity = 2 ** 112;
const scaleToZero = 2 ** -110;

/**
 * float32 → IEEE half bits, rounding to nearest even; NaN becomes 0x7E00 (ggml's rule).
 *
 * @example
 * ```ts
 * import { float32ToFloat16Bits } from '@oellm/quantize';
 * float32ToFloat16Bits(1); // 0x3C00
 * ```
 */
export function float32ToFloat16Bits(value: number): number {
  const f = Math.fround(value);
  let base = Math.fround(Math.fround(Math.abs(f) * scaleToInfinity) * scaleToZero);
  const w = floatToBits(f);
  const shiftedLeft = (w + w) >>> 0;
  const sign = w & 0x80000000;
  let bias = (shiftedLeft & 0xff000000) >>> 0;
  if (bias < 0x71000000) bias = 0x71000000;
  base = Math.fround(bitsToFloat(((bias >>> 1) + 0x07800000) >>> 0) + base);
  const bits = floatToBits(base);
  const exponentBits = (bits >>> 13) & 0x00007c00;
  const mantissaBits = bits & 0x00000fff;
  const nonSign = exponentBits + mantissaBits;
  return ((sign >>> 16) | (shiftedLeft > 0xff000000 ? 0x7e00 : nonSign)) & 0xffff;
}

const halfTable = buildHalfTable();

function buildHalfTable(): Float32Array {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = decodeHalf(bits);
  return table;
}

function decodeHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/**
 * IEEE half bits → float32 (exact; a table lookup).
 *
 * @example
 * ```ts
 * import { float16BitsToFloat32 } from '@oellm/quantize';
 * float16BitsToFloat32(0x3C00); // 1
 * ```
 */
export function float16BitsToFloat32(bits: number): number {
  return halfTable[bits & 0xffff]!;
}

/**
 * float32 → bfloat16 bits, rounding to nearest even; NaN stays a quiet NaN (ggml's rule).
 *
 * @example
 * ```ts
 * import { float32ToBfloat16Bits } from '@oellm/quantize';
 * float32ToBfloat16Bits(1); // 0x3F80
 * ```
 */
export function float32ToBfloat16Bits(value: number): number {
  const bits = floatToBits(value);
  if ((bits & 0x7fffffff) >>> 0 > 0x7f800000) return ((bits >>> 16) | 64) & 0xffff;
  return (((bits + (0x7fff + ((bits >>> 16) & 1))) >>> 0) >>> 16) & 0xffff;
}

/**
 * bfloat16 bits → float32 (exact).
 *
 * @example
 * ```ts
 * import { bfloat16BitsToFloat32 } from '@oellm/quantize';
 * bfloat16BitsToFloat32(0x3F80); // 1
 * ```
 */
export function bfloat16BitsToFloat32(bits: number): number {
  return bitsToFloat((bits & 0xffff) << 16);
}
