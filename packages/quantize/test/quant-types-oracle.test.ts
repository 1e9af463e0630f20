import { describe, expect, it } from 'vitest';
import { quantTypes } from '../src/index.js';
import { oracleDequantize, oracleQuantize } from './support/ggml-oracle.js';
import { distributions, syntheticImportance, syntheticRows } from './support/synthetic-rows.js';

const rows = 3;

function firstDifference(left: Uint8Array, right: Uint8Array): string {
  for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) return `first difference at byte ${i}: ours ${left[i]}, ggml ${right[i]}`;
  return left.length === right.length ? 'identical' : `lengths ${left.length} vs ${right.length}`;
}

describe.each([...quantTypes.values()])('$name matches ggml_quantize_chunk of node-llama-cpp 3.21.1', (type) => {
  for (const columns of [256, 4096]) {
    for (const distribution of distributions) {
      const importanceModes = type.usesImportance ? [false, true] : [false];
      for (const withImportance of importanceModes) {
        it(`${distribution}, rows of ${columns}${withImportance ? ', with importance matrix' : ''}`, () => {
          const source = syntheticRows(distribution, rows, columns, columns * 31 + distributions.indexOf(distribution));
          const importance = withImportance ? syntheticImportance(columns, columns + 7) : undefined;
          const ours = type.quantizeRows(source, rows, columns, importance);
          const reference = oracleQuantize(type.ggmlType, (columns / type.blockSize) * type.bytesPerBlock, source, rows, columns, importance);
          expect(firstDifference(ours, reference)).toBe('identical');
          if (type.name !== 'F32') {
            const restored = type.dequantizeRows(ours, rows, columns);
            const referenceRestored = oracleDequantize(type.name, reference, rows * columns);
            expect(Buffer.from(restored.buffer).equals(Buffer.from(referenceRestored.buffer))).toBe(true);
          }
        });
      }
    }
  }
});

describe('every tensor of stories260K, every type whose block divides its rows, matches ggml', async () => {
  const { fileURLToPath } = await import('node:url');
  const { openGguf } = await import('../src/index.js');
  const reader = await openGguf(fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url)));
  const tensors = await Promise.all(reader.tensors.map(async (info) => ({ info, weights: await reader.readFloat32(info.name) })));
  await reader.close();

  it.each([...quantTypes.values()])('$name', (type) => {
    let compared = 0;
    for (const { info, weights } of tensors) {
      const columns = info.shape[0]!;
      if (columns % type.blockSize !== 0) continue;
      const rows = weights.length / columns;
      const importance = type.usesImportance ? syntheticImportance(columns, 11) : undefined;
      for (const withImportance of importance ? [undefined, importance] : [undefined]) {
        const ours = type.quantizeRows(weights, rows, columns, withImportance);
        const reference = oracleQuantize(type.ggmlType, (columns / type.blockSize) * type.bytesPerBlock, weights, rows, columns, withImportance);
        expect(`${info.name}: ${firstDifference(ours, reference)}`).toBe(`${info.name}: identical`);
        compared++;
      }
    }
    // K-quants need rows of 256: stories260K's rows are 64 and 172 wide, so none apply.
    expect(compared).toBe(type.blockSize === 256 ? 0 : type.blockSize === 32 ? (type.usesImportance ? 86 : 43) : 48);
  });
});
