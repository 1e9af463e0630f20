// The host side of the WebAssembly quantisation kernels (kernels/*.ts, AssemblyScript). WebAssembly
// computes in native float32, so the kernels run ggml's C arithmetic as written, without the
// Math.fround emulation that JavaScript needs, and use f32x4 SIMD where lanes are independent.
import { quantizeKernelsBase64 } from './quantize-kernels.generated.js';

// The part of the WebAssembly API used here: the repository's TypeScript libraries (ES2023, no DOM)
// do not declare the global.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** The kernels the module exports; pointers are byte offsets into its memory. */
interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapStart(): number;
  quantizeQ8_0(source: number, out: number, rows: number, columns: number): void;
  quantizeQ4_0(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ4_1(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ5_0(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ5_1(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ2K(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ3K(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ4K(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ5K(source: number, out: number, rows: number, columns: number, importance: number): void;
  quantizeQ6K(source: number, out: number, rows: number, columns: number, importance: number): void;
}

/** The name of a kernel export. */
export type KernelName =
  | 'quantizeQ8_0' | 'quantizeQ4_0' | 'quantizeQ4_1' | 'quantizeQ5_0' | 'quantizeQ5_1'
  | 'quantizeQ2K' | 'quantizeQ3K' | 'quantizeQ4K' | 'quantizeQ5K' | 'quantizeQ6K';

let kernels: KernelExports | undefined;

/** One instance per thread, compiled on first use (about 10 kB; synchronous compilation is fine). */
function instance(): KernelExports {
  if (!kernels) {
    const module = new webAssembly.Module(Buffer.from(quantizeKernelsBase64, 'base64'));
    kernels = new webAssembly.Instance(module, {}).exports as KernelExports;
  }
  return kernels;
}

/** About 256 KiB of weights per call: the copied rows are still in cache when the kernel reads them. */
const chunkBytes = 1 << 18;

/**
 * Quantises `rows` rows of `columns` weights with a WebAssembly kernel into `out` (rowBytes per
 * row). The rows are copied into the module's memory a chunk at a time; `importance` (one value per
 * column) is copied once.
 */
export function quantizeRowsWithKernel(
  name: KernelName, source: Float32Array, rows: number, columns: number, rowBytes: number,
  out: Uint8Array, importance: Float32Array | undefined,
): void {
  const exports = instance();
  const rowsPerChunk = Math.max(1, Math.min(rows, Math.floor(chunkBytes / (columns * 4))));
  const importancePointer = (exports.heapStart() + 15) & ~15;
  const sourcePointer = importancePointer + ((columns * 4 + 15) & ~15);
  const outPointer = sourcePointer + rowsPerChunk * columns * 4;
  const end = outPointer + rowsPerChunk * rowBytes;
  const memory = exports.memory;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  // Views are taken after growing: growth detaches the previous buffer.
  const heap = memory.buffer;
  if (importance) new Float32Array(heap, importancePointer, columns).set(importance);
  const sourceView = new Float32Array(heap, sourcePointer, rowsPerChunk * columns);
  const outView = new Uint8Array(heap, outPointer, rowsPerChunk * rowBytes);
  const kernel = exports[name];
  const importanceArgument = importance ? importancePointer : 0;
  for (let first = 0; first < rows; first += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, rows - first);
    sourceView.set(source.subarray(first * columns, (first + count) * columns));
    kernel(sourcePointer, outPointer, count, columns, importanceArgument);
    out.set(count === rowsPerChunk ? outView : outView.subarray(0, count * rowBytes), first * rowBytes);
  }
}
