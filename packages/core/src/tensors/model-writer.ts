import type { ModelMetadataValue, TensorInfo } from './tensor-reader.js';

/**
 * Writes a model file tensor by tensor. The file appears under its final name only after
 * `close` succeeds; `abort` removes the partial file.
 *
 * @example
 * ```ts
 * import type { ModelWriterV1 } from '@oellm/core';
 * declare const writer: ModelWriterV1;
 * writer.setMetadata('general.name', 'demo');
 * await writer.writeTensor({ name: 'output.weight', shape: [64, 512], type: 'F32', byteLength: data.byteLength }, data);
 * await writer.close();
 * ```
 */
export interface ModelWriterV1 {
  readonly specificationVersion: 'v1';
  setMetadata(key: string, value: ModelMetadataValue): void;
  /**
   * Optional capability: announce every tensor before the data, so formats whose header lists
   * all tensors (GGUF) can write it first and stream each tensor to its place, instead of
   * staging the data and copying it at `close`.
   */
  declareTensors?(tensors: readonly TensorInfo[]): void | Promise<void>;
  writeTensor(info: TensorInfo, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort?(reason?: unknown): Promise<void>;
}

/**
 * The current version of {@link ModelWriterV1}: code written against `ModelWriter` follows the newest spec; name `ModelWriterV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { ModelWriter } from '@oellm/core';
 * export function describe(value: ModelWriter): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type ModelWriter = ModelWriterV1;
