/**
 * A quantisation type: how a row of float32 weights is packed into blocks of bytes.
 * Rows are quantised independently; a row's length must be a multiple of `blockSize`.
 *
 * Optional capabilities:
 * - `usesImportance`: `quantizeRows` honours an importance matrix (one weight per column).
 * - `requiresImportance`: quantising without an importance matrix is refused.
 *
 * @example
 * ```ts
 * import type { QuantTypeV1 } from '@oellm/core';
 * declare const q8: QuantTypeV1;
 * const packed = q8.quantizeRows(weights, rows, columns);
 * const restored = q8.dequantizeRows(packed, rows, columns);
 * ```
 */
export interface QuantTypeV1 {
  readonly specificationVersion: 'v1';
  /** ggml's name: `Q4_K`, `Q8_0`, `F16`. */
  readonly name: string;
  /** ggml's `ggml_type` number, written into GGUF tensor infos. */
  readonly ggmlType: number;
  /** Weights per block. */
  readonly blockSize: number;
  /** Bytes per block. */
  readonly bytesPerBlock: number;
  readonly usesImportance?: boolean;
  readonly requiresImportance?: boolean;
  quantizeRows(source: Float32Array, rows: number, columns: number, importance?: Float32Array): Uint8Array;
  dequantizeRows(data: Uint8Array, rows: number, columns: number): Float32Array;
}

/**
 * The current version of {@link QuantTypeV1}: code written against `QuantType` follows the newest spec; name `QuantTypeV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { QuantType } from '@oellm/core';
 * export function describe(value: QuantType): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type QuantType = QuantTypeV1;
