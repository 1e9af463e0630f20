import { InputError, type QuantTypeV1 } from '@oellm/core';
import { bf16, f16, f32 } from './float-types.js';
import { q2_K, q3_K, q4_K, q5_K, q6_K } from './k-quant-types.js';
import { q4_0, q4_1, q5_0, q5_1, q8_0 } from './legacy-types.js';

/**
 * Every quantisation type this package implements, by ggml name.
 *
 * @example
 * ```ts
 * import { quantTypes } from '@oellm/quantize';
 * console.log([...quantTypes.keys()].join(', ')); // F32, F16, BF16, Q8_0, …
 * ```
 */
export const quantTypes: ReadonlyMap<string, QuantTypeV1> = new Map(
  [f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q2_K, q3_K, q4_K, q5_K, q6_K].map((type) => [type.name, type]),
);

/**
 * The quantisation type named `name` (case-insensitive); an InputError lists the known ones otherwise.
 *
 * @example
 * ```ts
 * import { getQuantType } from '@oellm/quantize';
 * const q4k = getQuantType('q4_k');
 * ```
 */
export function getQuantType(name: string): QuantTypeV1 {
  const type = quantTypes.get(name.toUpperCase());
  if (!type) {
    throw new InputError({ code: 'unknown_quant_type', message: `no quantisation type '${name}'; known: ${[...quantTypes.keys()].join(', ')}` });
  }
  return type;
}
