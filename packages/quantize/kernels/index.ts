// Entry of the WebAssembly quantisation kernels (AssemblyScript). The host copies rows into this
// module's memory from `heapStart()` on, calls a kernel, and copies the packed bytes out.
export { quantizeQ4_0, quantizeQ4_1, quantizeQ5_0, quantizeQ5_1, quantizeQ8_0 } from './legacy-kernels';
export { quantizeQ2K, quantizeQ3K, quantizeQ4K, quantizeQ5K, quantizeQ6K } from './k-quant-kernels';

/** First free byte after the kernels' static scratch buffers. */
export function heapStart(): usize {
  return __heap_base;
}
