import type { QuantTypeV1 } from '@oellm/core';

/**
 * Sum of squared differences and largest absolute difference between weights and their packed
 * form: the numbers behind a report's RMSE and maximum error. Rows are restored in slices so the
 * extra memory stays small.
 *
 * @example
 * ```ts
 * const { squaredErrorSum, maximumError } = measureQuantizationError(q4_K, weights, packed, rows, 4096);
 * ```
 */
export function measureQuantizationError(
  type: QuantTypeV1, source: Float32Array, packed: Uint8Array, rows: number, columns: number,
): { squaredErrorSum: number; maximumError: number } {
  const rowBytes = (columns / type.blockSize) * type.bytesPerBlock;
  const rowsPerSlice = Math.max(1, Math.floor((1 << 16) / Math.max(columns, 1)));
  let squaredErrorSum = 0;
  let maximumError = 0;
  for (let first = 0; first < rows; first += rowsPerSlice) {
    const count = Math.min(rowsPerSlice, rows - first);
    const restored = type.dequantizeRows(packed.subarray(first * rowBytes, (first + count) * rowBytes), count, columns);
    const offset = first * columns;
    for (let i = 0; i < restored.length; i++) {
      const difference = Math.abs(restored[i]! - source[offset + i]!);
      squaredErrorSum += difference * difference;
      if (difference > maximumError) maximumError = difference;
    }
  }
  return { squaredErrorSum, maximumError };
}
