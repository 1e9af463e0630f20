import { describe, expect, it } from 'vitest';
import { quantTypeChecks, runConformanceChecks, tensorReaderChecks, type ConformanceCheck } from '../src/index.js';
import { blockInt8, memoryReader, sampleTensors } from './tensor-implementations.js';

async function failedRules(checks: ConformanceCheck[]): Promise<string[]> {
  return (await runConformanceChecks(checks)).filter((result) => !result.passed).map((result) => result.name);
}

describe('QuantType checks', () => {
  it('pass for a conforming type, with itself as the reference', async () => {
    const type = blockInt8();
    expect(await failedRules(quantTypeChecks(type, { maximumRelativeError: 0.02, reference: (source, rows, columns) => blockInt8().quantizeRows(source, rows, columns) }))).toEqual([]);
  });

  it('fail a type whose output has the wrong size', async () => {
    const type = blockInt8();
    const short = blockInt8({ quantizeRows: (source, rows, columns) => type.quantizeRows(source, rows, columns).subarray(1) });
    expect(await failedRules(quantTypeChecks(short))).toContain('packs rows into exactly rows × blocks × bytesPerBlock bytes and unpacks rows × columns floats');
  });

  it('fail a type that loses too much, or that differs from the reference', async () => {
    const type = blockInt8();
    const coarse = blockInt8({ dequantizeRows: (data, rows, columns) => type.dequantizeRows(data, rows, columns).map((value) => value * 1.5) });
    expect(await failedRules(quantTypeChecks(coarse, { maximumRelativeError: 0.1 }))).toEqual(['round-trips normal weights within the stated relative error']);
    const other = (source: Float32Array, rows: number, columns: number) => type.quantizeRows(source, rows, columns).map((byte, index) => (index === 5 ? byte ^ 1 : byte));
    expect(await failedRules(quantTypeChecks(type, { reference: other }))).toEqual(['gives the same bytes as the reference implementation']);
  });

  it('fail a type that is not deterministic, mutates its input or gives NaN for zeros', async () => {
    const type = blockInt8();
    let calls = 0;
    const noisy = blockInt8({ quantizeRows: (source, rows, columns) => { const out = type.quantizeRows(source, rows, columns); out[0] = calls++ & 0xff; return out; } });
    expect(await failedRules(quantTypeChecks(noisy))).toContain('is deterministic and quantises rows independently');
    const mutating = blockInt8({ quantizeRows: (source, rows, columns) => { const out = type.quantizeRows(source, rows, columns); source[0] = 0; return out; } });
    expect(await failedRules(quantTypeChecks(mutating))).toContain('leaves the input untouched');
    const nan = blockInt8({ dequantizeRows: (data, rows, columns) => type.dequantizeRows(data, rows, columns).map((value) => (value === 0 ? Number.NaN : value)) });
    expect(await failedRules(quantTypeChecks(nan))).toContain('restores all-zero rows as zeros and stays finite on constant and extreme rows');
  });

  it('fail a type that accepts partial blocks or ignores requiresImportance', async () => {
    const type = blockInt8();
    const lenient = blockInt8({ quantizeRows: (source, rows, columns) => type.quantizeRows(source, rows, columns - (columns % 4)) });
    expect(await failedRules(quantTypeChecks(lenient))).toContain('refuses a row that is not a whole number of blocks');
    const claims = blockInt8({ requiresImportance: true });
    expect(await failedRules(quantTypeChecks(claims))).toContain('honours its importance capability flags');
  });
});

describe('TensorReader checks', () => {
  it('pass for a conforming reader', async () => {
    expect(await failedRules(tensorReaderChecks(() => memoryReader(sampleTensors()), { expectedTensors: 2 }))).toEqual([]);
  });

  it('fail a reader with a byteLength that does not match the shape, or duplicate names', async () => {
    const tensors = sampleTensors();
    tensors[0]!.info = { ...tensors[0]!.info, byteLength: 40 };
    tensors[0]!.data = tensors[0]!.data.subarray(0, 40);
    expect(await failedRules(tensorReaderChecks(() => memoryReader(tensors)))).toContain(
      'declares specificationVersion "v1", a metadata map and tensor infos with name, shape, type and byteLength',
    );
    const twice = sampleTensors();
    twice[1]!.info = { ...twice[0]!.info };
    twice[1]!.data = twice[0]!.data;
    expect(await failedRules(tensorReaderChecks(() => memoryReader(twice)))).toContain('has unique tensor names');
  });

  it('fail a reader that returns short reads, answers unknown names or converts to the wrong length', async () => {
    const short = memoryReader(sampleTensors(), { read: async () => new Uint8Array(3) });
    expect(await failedRules(tensorReaderChecks(() => short))).toContain('reads every tensor as exactly byteLength bytes, the same in any order');
    const lenient = memoryReader(sampleTensors(), { read: async () => new Uint8Array(48) });
    expect(await failedRules(tensorReaderChecks(() => lenient))).toContain('rejects a tensor name it does not have');
    const wrongFloat = memoryReader(sampleTensors(), { readFloat32: async () => new Float32Array(1) });
    expect(await failedRules(tensorReaderChecks(() => wrongFloat))).toEqual(['converts tensors to float32 of the right length (when readFloat32 is offered)']);
  });
});
