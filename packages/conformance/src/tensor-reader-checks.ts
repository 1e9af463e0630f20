import type { TensorReaderV1 } from '@oellm/core';
import { requireThat, type ConformanceCheck } from './conformance-check.js';

/**
 * Options of {@link tensorReaderChecks}.
 *
 * @example
 * ```ts
 * import { tensorReaderChecks, type TensorReaderCheckOptions } from '@oellm/conformance';
 * const options: TensorReaderCheckOptions = { expectedTensors: 48 };
 * tensorReaderChecks(() => openMyModel('model.bin'), options);
 * ```
 */
export interface TensorReaderCheckOptions {
  /** The number of tensors the model has, when known. */
  expectedTensors?: number;
}

const bytesPerElement: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I8: 1, I16: 2, I32: 4, I64: 8 };

/**
 * The checks every `TensorReader` must pass. `createReader` is called once per check and the
 * reader is closed at the end of each.
 *
 * @example
 * ```ts
 * import { tensorReaderChecks, runConformanceChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(tensorReaderChecks(() => openMyModel('model.bin')));
 * ```
 */
export function tensorReaderChecks(createReader: () => TensorReaderV1 | Promise<TensorReaderV1>, options: TensorReaderCheckOptions = {}): ConformanceCheck[] {
  async function withReader(body: (reader: TensorReaderV1) => Promise<void>): Promise<void> {
    const reader = await createReader();
    try {
      await body(reader);
    } finally {
      await reader.close();
    }
  }
  return [
    {
      name: 'declares specificationVersion "v1", a metadata map and tensor infos with name, shape, type and byteLength',
      async run() {
        await withReader(async (reader) => {
          requireThat(reader.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: reader.specificationVersion });
          requireThat(reader.metadata instanceof Map, 'metadata must be a Map');
          requireThat(Array.isArray(reader.tensors), 'tensors must be an array');
          if (options.expectedTensors !== undefined) requireThat(reader.tensors.length === options.expectedTensors, 'wrong number of tensors', { expected: options.expectedTensors, got: reader.tensors.length });
          for (const tensor of reader.tensors) {
            requireThat(typeof tensor.name === 'string' && tensor.name.length > 0, 'every tensor needs a name', { tensor });
            const shape: readonly number[] = tensor.shape;
            requireThat(Array.isArray(shape) && shape.every((size) => Number.isSafeInteger(size) && size >= 0), 'shape must be non-negative integers', { name: tensor.name, shape: tensor.shape });
            requireThat(typeof tensor.type === 'string' && tensor.type.length > 0, 'type must be a ggml type name', { name: tensor.name });
            requireThat(Number.isSafeInteger(tensor.byteLength) && tensor.byteLength >= 0, 'byteLength must be a non-negative integer', { name: tensor.name });
            const width = bytesPerElement[tensor.type];
            if (width !== undefined) {
              const elements = shape.reduce((product, size) => product * size, 1);
              requireThat(tensor.byteLength === elements * width, 'byteLength must match shape and type', { name: tensor.name, expected: elements * width, got: tensor.byteLength });
            }
          }
        });
      },
    },
    {
      name: 'has unique tensor names',
      async run() {
        await withReader(async (reader) => {
          const names = reader.tensors.map((tensor) => tensor.name);
          requireThat(new Set(names).size === names.length, 'tensor names must be unique', { duplicates: names.filter((name, index) => names.indexOf(name) !== index).slice(0, 3) });
        });
      },
    },
    {
      name: 'reads every tensor as exactly byteLength bytes, the same in any order',
      async run() {
        await withReader(async (reader) => {
          const forward = new Map<string, Buffer>();
          for (const tensor of reader.tensors) {
            const bytes = await reader.read(tensor.name);
            requireThat(bytes instanceof Uint8Array && bytes.byteLength === tensor.byteLength, 'read() must return byteLength bytes', { name: tensor.name, expected: tensor.byteLength, got: bytes?.byteLength });
            forward.set(tensor.name, Buffer.from(bytes));
          }
          for (const tensor of [...reader.tensors].reverse()) {
            requireThat(Buffer.from(await reader.read(tensor.name)).equals(forward.get(tensor.name)!), 'reading a tensor again must give the same bytes', { name: tensor.name });
          }
        });
      },
    },
    {
      name: 'rejects a tensor name it does not have',
      async run() {
        await withReader(async (reader) => {
          let rejected = false;
          try {
            await reader.read('no-such-tensor.weight');
          } catch {
            rejected = true;
          }
          requireThat(rejected, 'read() of an unknown name must reject');
        });
      },
    },
    {
      name: 'converts tensors to float32 of the right length (when readFloat32 is offered)',
      async run() {
        await withReader(async (reader) => {
          if (!reader.readFloat32) return;
          for (const tensor of reader.tensors.slice(0, 16)) {
            let values: Float32Array;
            try {
              values = await reader.readFloat32(tensor.name);
            } catch {
              continue; // a type the reader cannot convert may be refused, but must not return garbage
            }
            const elements = tensor.shape.reduce((product, size) => product * size, 1);
            requireThat(values instanceof Float32Array && values.length === elements, 'readFloat32 must return one float per element', { name: tensor.name, expected: elements, got: values.length });
          }
        });
      },
    },
  ];
}
