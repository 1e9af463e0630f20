// Throughput of our quantisers against ggml_quantize_chunk of node-llama-cpp 3.21.1 (one thread
// each, same input, same run), then a whole synthetic model: oellm quantize vs llama_model_quantize
// with 2 threads each. Reduced sizes by default (the machine is shared); FULL=1 for the issue's
// 4096×4096 tensor. Run `pnpm --filter @oellm/quantize build` first.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import koffi from 'koffi';
import { createGgufWriter, GgufValueType, quantTypes, quantizeModel } from '../dist/index.js';

const require = createRequire(import.meta.url);
const binaries = join(dirname(require.resolve('@node-llama-cpp/linux-x64')), '..', 'bins', 'linux-x64');
const ggml = koffi.load(join(binaries, 'libggml-base.so'));
const quantizeChunk = ggml.func('size_t ggml_quantize_chunk(int type, const float *src, _Out_ uint8_t *dst, int64_t start, int64_t nrows, int64_t n_per_row, const float *imatrix)');

const full = process.env.FULL === '1';
const rows = full ? 4096 : 512;
const columns = 4096;
const weights = new Float32Array(rows * columns);
let seed = 1;
for (let i = 0; i < weights.length; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  weights[i] = ((seed / 4294967296) - 0.5) * 0.1;
}

console.log(`one ${columns}×${rows} F32 tensor, one thread each${full ? '' : ' (reduced from 4096×4096; FULL=1 for the full size)'}`);
console.log('type    ours MB/s   ggml MB/s   ratio');
for (const name of ['Q8_0', 'Q4_0', 'Q4_K', 'Q6_K', 'Q5_K', 'Q3_K', 'Q2_K']) {
  const type = quantTypes.get(name);
  type.quantizeRows(weights, 8, columns);
  let start = performance.now();
  type.quantizeRows(weights, rows, columns);
  const ours = performance.now() - start;
  const out = new Uint8Array((rows * columns / type.blockSize) * type.bytesPerBlock);
  start = performance.now();
  quantizeChunk(type.ggmlType, weights, out, 0, rows, columns, null);
  const reference = performance.now() - start;
  const megabytes = weights.byteLength / 1e6;
  console.log(`${name.padEnd(6)} ${(megabytes / (ours / 1000)).toFixed(1).padStart(10)} ${(megabytes / (reference / 1000)).toFixed(1).padStart(11)} ${(reference / ours).toFixed(2).padStart(7)}x`);
}

// Whole model: a synthetic Llama of 256-multiple widths.
const directory = await mkdtemp(join(tmpdir(), 'oellm-quantize-bench-'));
const input = join(directory, 'model-f32.gguf');
const layers = full ? 12 : 4;
const embedding = full ? 1024 : 512;
const feedForward = embedding * 2;
const writer = createGgufWriter(input);
writer.setMetadata('general.architecture', 'llama');
for (const [key, value] of Object.entries({ context_length: 256, embedding_length: embedding, feed_forward_length: feedForward, block_count: layers, 'attention.head_count': 8, 'attention.head_count_kv': 8 })) {
  writer.setMetadata(`llama.${key}`, value, GgufValueType.UINT32);
}
writer.setMetadata('llama.attention.layer_norm_rms_epsilon', 1e-5, GgufValueType.FLOAT32);
writer.setMetadata('llama.rope.dimension_count', embedding / 8, GgufValueType.UINT32);
const tensors = [];
for (let layer = 0; layer < layers; layer++) {
  for (const [name, shape] of [['attn_q', [embedding, embedding]], ['attn_k', [embedding, embedding]], ['attn_v', [embedding, embedding]], ['attn_output', [embedding, embedding]], ['ffn_gate', [embedding, feedForward]], ['ffn_up', [embedding, feedForward]], ['ffn_down', [feedForward, embedding]]]) {
    tensors.push({ name: `blk.${layer}.${name}.weight`, shape, type: 'F32', byteLength: shape[0] * shape[1] * 4 });
  }
}
writer.declareTensors(tensors);
for (const tensor of tensors) await writer.writeTensor(tensor, new Uint8Array(weights.buffer, 0, tensor.byteLength));
await writer.close();
const totalMegabytes = tensors.reduce((sum, tensor) => sum + tensor.byteLength, 0) / 1e6;

const llama = koffi.load(join(binaries, 'libllama.v0.4.0.so'));
llama.func('void llama_backend_init()')();
const Bytes = koffi.struct('bench_parameters', { bytes: koffi.array('uint8_t', 256) });
const defaults = llama.func('bench_parameters llama_model_quantize_default_params()');
const quantizeFile = llama.func('uint32_t llama_model_quantize(const char *input, const char *output, const uint8_t *parameters)');
const parameters = Uint8Array.from(defaults().bytes);
new DataView(parameters.buffer).setInt32(0, 2, true);
new DataView(parameters.buffer).setInt32(4, 15, true);

let start = performance.now();
await quantizeModel({ input, output: join(directory, 'ours.gguf'), fileType: 'Q4_K_M', threads: 2, manifest: false, measureErrors: false });
const ours = performance.now() - start;
start = performance.now();
if (quantizeFile(input, join(directory, 'llama.gguf'), parameters) !== 0) throw new Error('llama_model_quantize failed');
const reference = performance.now() - start;
console.log(`\nwhole file, Q4_K_M, ${totalMegabytes.toFixed(0)} MB F32${full ? '' : ' (reduced)'}, 2 threads each`);
console.log(`oellm ${(ours / 1000).toFixed(2)} s, llama_model_quantize ${(reference / 1000).toFixed(2)} s, ratio ${(reference / ours).toFixed(2)}x`);
await rm(directory, { recursive: true, force: true });
