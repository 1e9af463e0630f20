import { InputError, type QuantTypeV1 } from '@oellm/core';
import { ggmlTypeByName } from '../ggml/ggml-types.js';

/** How one row is packed and unpacked; rows are independent in every ggml type. */
export interface RowCodec {
  name: string;
  usesImportance?: boolean;
  quantizeRow(source: Float32Array, sourceOffset: number, columns: number, out: Uint8Array, outOffset: number, importance: Float32Array | undefined): void;
  dequantizeRow(data: Uint8Array, dataOffset: number, columns: number, out: Float32Array, outOffset: number): void;
}

/** Wraps a row codec as a spec {@link QuantTypeV1} that checks its arguments before allocating. */
export function defineQuantType(codec: RowCodec): QuantTypeV1 {
  const layout = ggmlTypeByName(codec.name);
  if (!layout) throw new Error(`unknown ggml type ${codec.name}`);
  const { blockSize, bytesPerBlock, id } = layout;

  function check(rows: number, columns: number): number {
    if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(columns) || columns < 0) {
      throw new InputError({ code: 'invalid_shape', message: `${codec.name}: rows ${rows} and columns ${columns} must be non-negative integers` });
    }
    if (columns % blockSize !== 0) {
      throw new InputError({ code: 'partial_block', message: `${codec.name}: a row of ${columns} weights is not a whole number of blocks of ${blockSize}; choose a type whose block size divides the row` });
    }
    return (columns / blockSize) * bytesPerBlock;
  }

  return {
    specificationVersion: 'v1',
    name: codec.name,
    ggmlType: id,
    blockSize,
    bytesPerBlock,
    ...(codec.usesImportance ? { usesImportance: true } : {}),
    quantizeRows(source, rows, columns, importance) {
      const rowBytes = check(rows, columns);
      if (source.length < rows * columns) {
        throw new InputError({ code: 'short_input', message: `${codec.name}: ${rows}×${columns} weights expected, ${source.length} given` });
      }
      if (importance && importance.length !== columns) {
        throw new InputError({ code: 'importance_length', message: `${codec.name}: the importance matrix has ${importance.length} entries for rows of ${columns}; it must have one per column` });
      }
      const out = new Uint8Array(rows * rowBytes);
      const weights = codec.usesImportance ? importance : undefined;
      for (let row = 0; row < rows; row++) codec.quantizeRow(source, row * columns, columns, out, row * rowBytes, weights);
      return out;
    },
    dequantizeRows(data, rows, columns) {
      const rowBytes = check(rows, columns);
      if (data.byteLength < rows * rowBytes) {
        throw new InputError({ code: 'short_input', message: `${codec.name}: ${rows} rows of ${rowBytes} bytes expected, ${data.byteLength} given` });
      }
      const out = new Float32Array(rows * columns);
      for (let row = 0; row < rows; row++) codec.dequantizeRow(data, row * rowBytes, columns, out, row * columns);
      return out;
    },
  };
}
