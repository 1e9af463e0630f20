import { InputError, type TensorInfo } from '@oellm/core';
import { quantTypes } from './quant-type-registry.js';

/**
 * A tensor's stored bytes as float32 (dequantised for quantised types).
 *
 * @example
 * ```ts
 * import { dequantizeTensor, openGguf } from '@oellm/quantize';
 * const reader = await openGguf('model.gguf');
 * const info = reader.tensor('output.weight');
 * const weights = dequantizeTensor(info, await reader.read(info.name));
 * ```
 */
export function dequantizeTensor(info: TensorInfo, data: Uint8Array): Float32Array {
  const type = quantTypes.get(info.type);
  if (!type) {
    throw new InputError({ code: 'unsupported_type', message: `tensor '${info.name}' is ${info.type}, which this package cannot convert to float32 yet` });
  }
  const columns = info.shape[0] ?? 1;
  const rows = columns === 0 ? 0 : info.shape.reduce((product, size) => product * size, 1) / columns;
  return type.dequantizeRows(data, rows, columns);
}
