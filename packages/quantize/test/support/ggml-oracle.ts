// The reference: ggml as shipped in node-llama-cpp 3.21.1's prebuilt binaries, called through koffi.
// Tests compare our bytes with what this library computes at test time; nothing is pasted in.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import koffi from 'koffi';

const require = createRequire(import.meta.url);
// The package exports only its entry (dist/index.js); the binaries sit in bins/ beside dist/.
export const oracleBinaries = join(dirname(require.resolve('@node-llama-cpp/linux-x64')), '..', 'bins', 'linux-x64');

const library = koffi.load(join(oracleBinaries, 'libggml-base.so'));
const quantizeChunk = library.func(
  'size_t ggml_quantize_chunk(int type, const float *src, _Out_ uint8_t *dst, int64_t start, int64_t nrows, int64_t n_per_row, const float *imatrix)',
);
const dequantizers = new Map<string, (data: Uint8Array, out: Float32Array, count: number) => void>();

function dequantizer(name: string): (data: Uint8Array, out: Float32Array, count: number) => void {
  let function_ = dequantizers.get(name);
  if (!function_) {
    const symbol =
      name === 'F16' ? 'ggml_fp16_to_fp32_row' : name === 'BF16' ? 'ggml_bf16_to_fp32_row' : `dequantize_row_${name.toLowerCase().replace(/_k$/, '_K')}`;
    const native = library.func(`void ${symbol}(const uint8_t *x, _Out_ float *y, int64_t k)`);
    function_ = (data, out, count) => native(data, out, count);
    dequantizers.set(name, function_);
  }
  return function_;
}

/** ggml_quantize_chunk of the oracle: the bytes ggml writes for these rows. */
export function oracleQuantize(ggmlType: number, rowBytes: number, source: Float32Array, rows: number, columns: number, importance?: Float32Array): Uint8Array {
  const out = new Uint8Array(rows * rowBytes);
  const written = quantizeChunk(ggmlType, source, out, 0, rows, columns, importance ?? null) as number;
  if (Number(written) !== out.byteLength) throw new Error(`ggml_quantize_chunk wrote ${written} bytes, expected ${out.byteLength}`);
  return out;
}

/** The oracle's dequantize_row_* (or fp16/bf16 row conversion) over `count` weights. */
export function oracleDequantize(typeName: string, data: Uint8Array, count: number): Float32Array {
  const out = new Float32Array(count);
  dequantizer(typeName)(data, out, count);
  return out;
}
