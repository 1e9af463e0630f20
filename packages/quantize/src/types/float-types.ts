import type { QuantTypeV1 } from '@oellm/core';
import * as halfPrecision from '../ggml/half-precision.js';
import { defineQuantType } from './define-quant-type.js';

// Rebound once: module namespace lookups are slow in per-weight loops.
const { bfloat16BitsToFloat32, float16BitsToFloat32, float32ToBfloat16Bits, float32ToFloat16Bits } = halfPrecision;

/**
 * F32: weights stored as they are.
 *
 * @example
 * ```ts
 * import { f32 } from '@oellm/quantize';
 * const bytes = f32.quantizeRows(new Float32Array([1, 2]), 1, 2); // 8 bytes
 * ```
 */
export const f32: QuantTypeV1 = defineQuantType({
  name: 'F32',
  quantizeRow(source, sourceOffset, columns, out, outOffset) {
    new Float32Array(out.buffer, out.byteOffset + outOffset, columns).set(source.subarray(sourceOffset, sourceOffset + columns));
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    const view = new DataView(data.buffer, data.byteOffset + dataOffset, columns * 4);
    for (let i = 0; i < columns; i++) out[outOffset + i] = view.getFloat32(i * 4, true);
  },
});

/**
 * F16: IEEE half precision, rounded to nearest even as ggml does.
 *
 * @example
 * ```ts
 * import { f16 } from '@oellm/quantize';
 * const bytes = f16.quantizeRows(new Float32Array([1, 2]), 1, 2); // 4 bytes
 * ```
 */
export const f16: QuantTypeV1 = defineQuantType({
  name: 'F16',
  quantizeRow(source, sourceOffset, columns, out, outOffset) {
    for (let i = 0; i < columns; i++) {
      const bits = float32ToFloat16Bits(source[sourceOffset + i]!);
      out[outOffset + 2 * i] = bits & 0xff;
      out[outOffset + 2 * i + 1] = bits >>> 8;
    }
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let i = 0; i < columns; i++) out[outOffset + i] = float16BitsToFloat32(data[dataOffset + 2 * i]! | (data[dataOffset + 2 * i + 1]! << 8));
  },
});

/**
 * BF16: bfloat16, rounded to nearest even as ggml's reference conversion does.
 *
 * @example
 * ```ts
 * import { bf16 } from '@oellm/quantize';
 * const bytes = bf16.quantizeRows(new Float32Array([1, 2]), 1, 2); // 4 bytes
 * ```
 */
export const bf16: QuantTypeV1 = defineQuantType({
  name: 'BF16',
  quantizeRow(source, sourceOffset, columns, out, outOffset) {
    for (let i = 0; i < columns; i++) {
      const bits = float32ToBfloat16Bits(source[sourceOffset + i]!);
      out[outOffset + 2 * i] = bits & 0xff;
      out[outOffset + 2 * i + 1] = bits >>> 8;
    }
  },
  dequantizeRow(data, dataOffset, columns, out, outOffset) {
    for (let i = 0; i < columns; i++) out[outOffset + i] = bfloat16BitsToFloat32(data[dataOffset + 2 * i]! | (data[dataOffset + 2 * i + 1]! << 8));
  },
});
