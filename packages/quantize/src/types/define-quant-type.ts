import { InputError, type QuantTypeV1 } from '@oellm/core';
import { ggmlTypeByName } from '../ggml/ggml-types.js';
import { quantizeRowsWithKernel, type KernelName } from '../kernels/wasm-kernels.js';

/** How rows are packed and unpacked; rows are independent in every ggml type. */
export interface RowCodec {
  name: string;
  usesImportance?: boolean;
  /** Packs one row (the JavaScript types). */
  quantizeRow?(source: Float32Array, sourceOffset: number, columns: number, out: Uint8Array, outOffset: number, importance: Float32Array | undefined): void;
  /** The WebAssembly kernel (kernels/) that packs many rows at once, copying them in by chunks; used instead of quantizeRow. */
  kernel?: KernelName;
  dequantizeRow(data: Uint8Array, dataOffset: number, columns: number, out: Float32Array, outOffset: number): void;
}

type QuantizeInto = (source: Float32Array, rows: number, columns: number, out: Uint8Array, importance: Float32Array | undefined) => void;
const intoFunctions = new WeakMap<QuantTypeV1, QuantizeInto>();

/**
 * Like `type.quantizeRows`, but packs into `out` (e.g. a worker's view on shared memory) instead of
 * a new array. For the types of this package only.
 */
export function quantizeRowsInto(type: QuantTypeV1, source: Float32Array, rows: number, columns: number, out: Uint8Array, importance?: Float32Array): void {
  const into = intoFunctions.get(type);
  if (!into) throw new Error(`${type.name} is not a type of @oellm/quantize`);
  into(source, rows, columns, out, importance);
}

/** Wraps a row codec as a spec {@link QuantTypeV1} that checks its arguments before allocating. */
export function defineQuantType(codec: RowCodec): QuantTypeV1 {
  const layout = ggmlTypeByName(codec.name);
  if (!layout) throw new Error(`unknown ggml type ${codec.name}`);
  if (!codec.quantizeRow && !codec.kernel) throw new Error(`${codec.name}: a codec needs quantizeRow or a kernel`);
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

  /** Checks shape, input and importance before anything is allocated; returns the bytes per row. */
  function validate(source: Float32Array, rows: number, columns: number, importance: Float32Array | undefined): number {
    const rowBytes = check(rows, columns);
    if (source.length < rows * columns) {
      throw new InputError({ code: 'short_input', message: `${codec.name}: ${rows}×${columns} weights expected, ${source.length} given` });
    }
    if (importance && importance.length !== columns) {
      throw new InputError({ code: 'importance_length', message: `${codec.name}: the importance matrix has ${importance.length} entries for rows of ${columns}; it must have one per column` });
    }
    return rowBytes;
  }

  function run(source: Float32Array, rows: number, columns: number, rowBytes: number, out: Uint8Array, importance: Float32Array | undefined): void {
    const weights = codec.usesImportance ? importance : undefined;
    if (rows === 0 || columns === 0) return;
    if (codec.kernel) quantizeRowsWithKernel(codec.kernel, source, rows, columns, rowBytes, out, weights);
    else for (let row = 0; row < rows; row++) codec.quantizeRow!(source, row * columns, columns, out, row * rowBytes, weights);
  }

  function quantizeInto(source: Float32Array, rows: number, columns: number, out: Uint8Array, importance: Float32Array | undefined): void {
    const rowBytes = validate(source, rows, columns, importance);
    if (out.byteLength < rows * rowBytes) {
      throw new InputError({ code: 'short_output', message: `${codec.name}: ${rows} rows need ${rows * rowBytes} bytes, the output has ${out.byteLength}` });
    }
    run(source, rows, columns, rowBytes, out, importance);
  }

  const type: QuantTypeV1 = {
    specificationVersion: 'v1',
    name: codec.name,
    ggmlType: id,
    blockSize,
    bytesPerBlock,
    ...(codec.usesImportance ? { usesImportance: true } : {}),
    quantizeRows(source, rows, columns, importance) {
      const rowBytes = validate(source, rows, columns, importance);
      const out = new Uint8Array(rows * rowBytes);
      run(source, rows, columns, rowBytes, out, importance);
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
  intoFunctions.set(type, quantizeInto);
  return type;
}
