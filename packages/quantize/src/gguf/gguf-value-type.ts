/**
 * GGUF metadata value types (gguf.h `enum gguf_type`).
 *
 * @example
 * ```ts
 * import { GgufValueType } from '@oellm/quantize';
 * const type = GgufValueType.UINT32; // 4
 * ```
 */
export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/**
 * One of the numbers of {@link GgufValueType}.
 *
 * @example
 * ```ts
 * import { GgufValueType, type GgufValueTypeId } from '@oellm/quantize';
 * const type: GgufValueTypeId = GgufValueType.STRING;
 * ```
 */
export type GgufValueTypeId = (typeof GgufValueType)[keyof typeof GgufValueType];

/** Bytes of each fixed-size scalar type; strings and arrays are variable. */
export const scalarByteLength: Readonly<Record<number, number>> = {
  0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8,
};

/**
 * A metadata entry with its GGUF type, so a rewritten file keeps `u32` as `u32` and `f32` as `f32`
 * (llama.cpp checks the types of the keys it reads).
 *
 * @example
 * ```ts
 * import { GgufValueType, type GgufMetadataEntry } from '@oellm/quantize';
 * const entry: GgufMetadataEntry = { value: ['a', 'b'], type: GgufValueType.ARRAY, elementType: GgufValueType.STRING };
 * ```
 */
export interface GgufMetadataEntry {
  value: import('@oellm/core').ModelMetadataValue;
  type: GgufValueTypeId;
  /** For arrays: the element type. */
  elementType?: GgufValueTypeId;
}
