import type { QuantTypeV1 } from '@oellm/core';
import { requireThat, type ConformanceCheck } from './conformance-check.js';

/**
 * Options of {@link quantTypeChecks}.
 *
 * @example
 * ```ts
 * import { quantTypeChecks, type QuantTypeCheckOptions } from '@oellm/conformance';
 * const options: QuantTypeCheckOptions = { maximumRelativeError: 0.05, reference: (source, rows, columns) => ggmlQuantize(source, rows, columns) };
 * quantTypeChecks(myQ8, options);
 * ```
 */
export interface QuantTypeCheckOptions {
  /** Largest accepted RMS error of a round trip relative to the RMS of normal weights (default 0.5). */
  maximumRelativeError?: number;
  /** Row lengths to test, multiples of the block size (default: 8 blocks and 2 blocks). */
  columns?: number[];
  /** The reference implementation (e.g. ggml's ggml_quantize_chunk through FFI): bytes must be equal. */
  reference?: (source: Float32Array, rows: number, columns: number, importance?: Float32Array) => Uint8Array;
}

/** A deterministic generator so failures reproduce. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function normalRows(rows: number, columns: number, seed: number, scale = 0.02): Float32Array {
  const random = seeded(seed);
  const out = new Float32Array(rows * columns);
  for (let i = 0; i < out.length; i++) out[i] = scale * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return out;
}

function importanceFor(columns: number): Float32Array {
  const random = seeded(columns);
  return Float32Array.from({ length: columns }, () => 0.1 + random() * 2);
}

/**
 * The checks every `QuantType` must pass: sizes, round-trip accuracy, determinism, row
 * independence, zeros, extreme values, partial blocks, input left untouched, importance handling,
 * and (when a reference is given) bytes equal to the reference.
 *
 * @example
 * ```ts
 * import { quantTypeChecks, runConformanceChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(quantTypeChecks(myType, { maximumRelativeError: 0.1 }));
 * ```
 */
export function quantTypeChecks(type: QuantTypeV1, options: QuantTypeCheckOptions = {}): ConformanceCheck[] {
  const columnsList = options.columns ?? [type.blockSize * 8, type.blockSize * 2];
  const rowBytes = (columns: number) => (columns / type.blockSize) * type.bytesPerBlock;
  const quantize = (source: Float32Array, rows: number, columns: number, importance?: Float32Array) =>
    type.quantizeRows(source, rows, columns, type.requiresImportance ? (importance ?? importanceFor(columns)) : importance);
  return [
    {
      name: 'declares specificationVersion "v1", a name, a ggml type number, a block size and bytes per block',
      async run() {
        requireThat(type.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: type.specificationVersion });
        requireThat(typeof type.name === 'string' && type.name.length > 0, 'name must be a non-empty string', { got: type.name });
        requireThat(Number.isInteger(type.ggmlType) && type.ggmlType >= 0, 'ggmlType must be a non-negative integer', { got: type.ggmlType });
        requireThat(Number.isInteger(type.blockSize) && type.blockSize > 0, 'blockSize must be a positive integer', { got: type.blockSize });
        requireThat(Number.isInteger(type.bytesPerBlock) && type.bytesPerBlock > 0, 'bytesPerBlock must be a positive integer', { got: type.bytesPerBlock });
      },
    },
    {
      name: 'packs rows into exactly rows × blocks × bytesPerBlock bytes and unpacks rows × columns floats',
      async run() {
        for (const columns of columnsList) {
          const packed = quantize(normalRows(3, columns, columns), 3, columns);
          requireThat(packed instanceof Uint8Array, 'quantizeRows must return a Uint8Array');
          requireThat(packed.byteLength === 3 * rowBytes(columns), 'quantizeRows returned the wrong number of bytes', { columns, expected: 3 * rowBytes(columns), got: packed.byteLength });
          const restored = type.dequantizeRows(packed, 3, columns);
          requireThat(restored instanceof Float32Array && restored.length === 3 * columns, 'dequantizeRows must return rows × columns float32 values', { got: restored.length });
        }
      },
    },
    {
      name: 'round-trips normal weights within the stated relative error',
      async run() {
        const limit = options.maximumRelativeError ?? 0.5;
        for (const columns of columnsList) {
          const source = normalRows(4, columns, 7 + columns);
          const restored = type.dequantizeRows(quantize(source, 4, columns), 4, columns);
          let error = 0;
          let energy = 0;
          for (let i = 0; i < source.length; i++) {
            error += (restored[i]! - source[i]!) ** 2;
            energy += source[i]! ** 2;
          }
          const relative = Math.sqrt(error / energy);
          requireThat(Number.isFinite(relative) && relative <= limit, 'the round-trip error is larger than allowed', { columns, relativeError: relative, limit });
        }
      },
    },
    {
      name: 'is deterministic and quantises rows independently',
      async run() {
        const columns = columnsList[0]!;
        const source = normalRows(3, columns, 11);
        const together = quantize(source, 3, columns);
        const again = quantize(source, 3, columns);
        requireThat(Buffer.from(together).equals(Buffer.from(again)), 'the same input must give the same bytes');
        for (let row = 0; row < 3; row++) {
          const alone = quantize(source.slice(row * columns, (row + 1) * columns), 1, columns);
          const part = together.subarray(row * rowBytes(columns), (row + 1) * rowBytes(columns));
          requireThat(Buffer.from(alone).equals(Buffer.from(part)), 'a row quantised alone must give the bytes it gets among other rows', { row });
        }
      },
    },
    {
      name: 'leaves the input untouched',
      async run() {
        const columns = columnsList[0]!;
        const source = normalRows(2, columns, 13);
        const copy = source.slice();
        quantize(source, 2, columns);
        requireThat(Buffer.from(source.buffer).equals(Buffer.from(copy.buffer)), 'quantizeRows must not modify its input');
      },
    },
    {
      name: 'restores all-zero rows as zeros and stays finite on constant and extreme rows',
      async run() {
        const columns = columnsList[0]!;
        const zeros = type.dequantizeRows(quantize(new Float32Array(columns), 1, columns), 1, columns);
        requireThat(zeros.every((value) => value === 0), 'all-zero rows must come back as zeros', { first: Array.from(zeros.slice(0, 4)) });
        const constant = new Float32Array(columns).fill(0.3125);
        const extreme = normalRows(1, columns, 17);
        extreme[0] = 60000;
        extreme[1] = -1e-30;
        for (const [label, source] of [['constant', constant], ['extreme', extreme]] as const) {
          const restored = type.dequantizeRows(quantize(source, 1, columns), 1, columns);
          requireThat(restored.every(Number.isFinite), 'dequantised values must be finite', { row: label });
        }
      },
    },
    {
      name: 'refuses a row that is not a whole number of blocks',
      async run() {
        if (type.blockSize === 1) return;
        const columns = type.blockSize + 1;
        let threw = false;
        try {
          quantize(new Float32Array(columns), 1, columns);
        } catch {
          threw = true;
        }
        requireThat(threw, 'quantizeRows must throw for a row length that is not a multiple of blockSize', { columns, blockSize: type.blockSize });
      },
    },
    {
      name: 'honours its importance capability flags',
      async run() {
        const columns = columnsList[0]!;
        const source = normalRows(2, columns, 19);
        if (type.requiresImportance) {
          let threw = false;
          try {
            type.quantizeRows(source, 2, columns);
          } catch {
            threw = true;
          }
          requireThat(threw, 'a type with requiresImportance must refuse to quantise without an importance matrix');
        }
        if (type.usesImportance || type.requiresImportance) {
          const packed = type.quantizeRows(source, 2, columns, importanceFor(columns));
          requireThat(packed.byteLength === 2 * rowBytes(columns), 'with an importance matrix the size must not change', { got: packed.byteLength });
        }
      },
    },
    {
      name: 'gives the same bytes as the reference implementation',
      async run() {
        if (!options.reference) return;
        for (const columns of columnsList) {
          const source = normalRows(3, columns, 23 + columns);
          const importanceOptions = type.usesImportance || type.requiresImportance ? [undefined, importanceFor(columns)] : [undefined];
          for (const importance of importanceOptions) {
            if (type.requiresImportance && !importance) continue;
            const ours = type.quantizeRows(source, 3, columns, importance);
            const reference = options.reference(source, 3, columns, importance);
            let first = -1;
            for (let i = 0; i < Math.max(ours.length, reference.length); i++) if (ours[i] !== reference[i]) { first = i; break; }
            requireThat(first === -1, 'bytes differ from the reference', { columns, importance: importance !== undefined, firstDifferentByte: first });
          }
        }
      },
    },
  ];
}
