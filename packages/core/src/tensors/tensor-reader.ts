/**
 * A metadata value as GGUF can hold it (arrays of any of these included).
 *
 * @example
 * ```ts
 * import type { ModelMetadataValue } from '@oellm/core';
 * const contextLength: ModelMetadataValue = 2048;
 * const tokens: ModelMetadataValue = ['<unk>', '<s>', '</s>'];
 * ```
 */
export type ModelMetadataValue = string | number | bigint | boolean | readonly ModelMetadataValue[];

/**
 * Shape and storage of one tensor, without its data.
 *
 * @example
 * ```ts
 * import type { TensorInfo } from '@oellm/core';
 * const info: TensorInfo = { name: 'blk.0.attn_q.weight', shape: [64, 64], type: 'F32', byteLength: 64 * 64 * 4 };
 * ```
 */
export interface TensorInfo {
  /** The tensor's name in the reader's naming (GGUF names for GGUF, original names for safetensors). */
  name: string;
  /** Dimensions, innermost (row length) first, as GGUF stores them. */
  shape: readonly number[];
  /** Storage type name in ggml's spelling: `F32`, `F16`, `BF16`, `Q8_0`, `Q4_K`, … */
  type: string;
  /** Bytes of data. */
  byteLength: number;
}

/**
 * Reads a model tensor by tensor, never needing the whole model in memory.
 *
 * Optional capabilities:
 * - `readFloat32`: the tensor converted to float32 (dequantised if needed).
 *
 * @example
 * ```ts
 * import type { TensorReaderV1 } from '@oellm/core';
 * declare const reader: TensorReaderV1;
 * for (const tensor of reader.tensors) {
 *   const bytes = await reader.read(tensor.name);
 *   console.log(tensor.name, tensor.type, bytes.byteLength);
 * }
 * await reader.close();
 * ```
 */
export interface TensorReaderV1 {
  readonly specificationVersion: 'v1';
  readonly metadata: ReadonlyMap<string, ModelMetadataValue>;
  readonly tensors: readonly TensorInfo[];
  /** The stored bytes of one tensor. */
  read(name: string): Promise<Uint8Array>;
  readFloat32?(name: string): Promise<Float32Array>;
  close(): Promise<void>;
}

/**
 * The current version of {@link TensorReaderV1}: code written against `TensorReader` follows the newest spec; name `TensorReaderV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { TensorReader } from '@oellm/core';
 * export function describe(value: TensorReader): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type TensorReader = TensorReaderV1;
