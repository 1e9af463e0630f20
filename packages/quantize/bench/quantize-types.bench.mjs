// Throughput of our quantisers against ggml_quantize_chunk of node-llama-cpp 3.21.1, one thread
// each, same input, same run; best of REPEATS alternating runs, because the cores may be shared.
// Default: a 4096×512 F32 tensor; FULL=1: the 4096×4096. Every quantised type runs in
// WebAssembly (kernels/). Run `pnpm --filter @oellm/quantize build` first.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import koffi from 'koffi';
import { quantTypes } from '../dist/index.js';

const require = createRequire(import.meta.url);
const binaries = join(dirname(require.resolve('@node-llama-cpp/linux-x64')), '..', 'bins', 'linux-x64');
const ggml = koffi.load(join(binaries, 'libggml-base.so'));
const quantizeChunk = ggml.func('size_t ggml_quantize_chunk(int type, const float *src, _Out_ uint8_t *dst, int64_t start, int64_t nrows, int64_t n_per_row, const float *imatrix)');

const full = process.env.FULL === '1';
const repeats = Number(process.env.REPEATS ?? 3);
const rows = full ? 4096 : 512;
const columns = 4096;
const weights = new Float32Array(rows * columns);
let seed = 1;
const next = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 4294967296; };
for (let i = 0; i < weights.length; i++) weights[i] = (next() + next() + next() - 1.5) * 0.04;
const importance = new Float32Array(columns);
for (let i = 0; i < columns; i++) importance[i] = (0.05 + next() * 2) ** 2;

console.log(`one ${columns}×${rows} F32 tensor, one thread each, best of ${repeats}${full ? '' : ' (reduced from 4096×4096; FULL=1 for the full size)'}`);
console.log('type           ours MB/s   ggml MB/s   ratio   bytes');
const cases = [];
for (const name of ['Q8_0', 'Q4_0', 'Q4_K', 'Q6_K']) {
  cases.push([name, false]);
  if (quantTypes.get(name).usesImportance) cases.push([name, true]);
}
for (const name of ['Q4_1', 'Q5_0', 'Q5_1', 'Q5_K', 'Q3_K', 'Q2_K']) cases.push([name, false]);
for (const [name, withImportance] of cases) {
  const type = quantTypes.get(name);
  const matrix = withImportance ? importance : undefined;
  type.quantizeRows(weights, 16, columns, matrix);
  const reference = new Uint8Array((rows * columns / type.blockSize) * type.bytesPerBlock);
  let oursBest = Infinity;
  let referenceBest = Infinity;
  let ours;
  for (let repeat = 0; repeat < repeats; repeat++) {
    let start = performance.now();
    ours = type.quantizeRows(weights, rows, columns, matrix);
    oursBest = Math.min(oursBest, performance.now() - start);
    start = performance.now();
    quantizeChunk(type.ggmlType, weights, reference, 0, rows, columns, matrix ?? null);
    referenceBest = Math.min(referenceBest, performance.now() - start);
  }
  const identical = Buffer.from(ours).equals(Buffer.from(reference)) ? 'identical' : 'DIFFERENT';
  const megabytes = weights.byteLength / 1e6;
  const label = `${name}${withImportance ? ' imatrix' : ''}`;
  console.log(`${label.padEnd(13)} ${(megabytes / (oursBest / 1000)).toFixed(1).padStart(10)} ${(megabytes / (referenceBest / 1000)).toFixed(1).padStart(11)} ${(referenceBest / oursBest).toFixed(2).padStart(7)}x   ${identical}`);
}
