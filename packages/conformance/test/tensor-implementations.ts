// Small in-memory QuantType and TensorReader implementations, correct and deliberately broken,
// to prove the suites catch each kind of mistake.
import type { QuantTypeV1, TensorInfo, TensorReaderV1 } from '@oellm/core';

/** A toy 4-weight block type: one float32 scale + four int8 levels (8 bytes per block). */
export function blockInt8(overrides: Partial<QuantTypeV1> = {}): QuantTypeV1 {
  return {
    specificationVersion: 'v1',
    name: 'TOY_Q8_4',
    ggmlType: 1000,
    blockSize: 4,
    bytesPerBlock: 8,
    quantizeRows(source, rows, columns) {
      if (columns % 4 !== 0) throw new Error('partial block');
      const out = new Uint8Array(rows * (columns / 4) * 8);
      const view = new DataView(out.buffer);
      for (let block = 0; block < (rows * columns) / 4; block++) {
        let amax = 0;
        for (let j = 0; j < 4; j++) amax = Math.max(amax, Math.abs(source[block * 4 + j]!));
        const scale = amax / 127;
        view.setFloat32(block * 8, scale, true);
        for (let j = 0; j < 4; j++) view.setInt8(block * 8 + 4 + j, scale ? Math.round(source[block * 4 + j]! / scale) : 0);
      }
      return out;
    },
    dequantizeRows(data, rows, columns) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const out = new Float32Array(rows * columns);
      for (let block = 0; block < (rows * columns) / 4; block++) {
        const scale = view.getFloat32(block * 8, true);
        for (let j = 0; j < 4; j++) out[block * 4 + j] = scale * view.getInt8(block * 8 + 4 + j);
      }
      return out;
    },
    ...overrides,
  };
}

export function memoryReader(tensors: Array<{ info: TensorInfo; data: Uint8Array }>, overrides: Partial<TensorReaderV1> = {}): TensorReaderV1 {
  const byName = new Map(tensors.map((tensor) => [tensor.info.name, tensor]));
  return {
    specificationVersion: 'v1',
    metadata: new Map([['general.architecture', 'toy']]),
    tensors: tensors.map((tensor) => tensor.info),
    async read(name) {
      const tensor = byName.get(name);
      if (!tensor) throw new Error(`no tensor ${name}`);
      return tensor.data.slice();
    },
    async readFloat32(name) {
      const tensor = byName.get(name);
      if (!tensor) throw new Error(`no tensor ${name}`);
      return new Float32Array(tensor.data.slice().buffer);
    },
    async close() {},
    ...overrides,
  };
}

export function sampleTensors(): Array<{ info: TensorInfo; data: Uint8Array }> {
  const weights = Float32Array.from({ length: 12 }, (_, index) => index / 10);
  return [
    { info: { name: 'a.weight', shape: [4, 3], type: 'F32', byteLength: 48 }, data: new Uint8Array(weights.buffer) },
    { info: { name: 'b.weight', shape: [2], type: 'F32', byteLength: 8 }, data: new Uint8Array(8) },
  ];
}
