// llama.cpp's own quantizer (llama_model_quantize in node-llama-cpp 3.21.1's libllama), called
// through koffi: the reference for which type each tensor gets and for whole output files.
import { join } from 'node:path';
import koffi from 'koffi';
import { oracleBinaries } from './ggml-oracle.js';

// llama_model_quantize_params as llama.h declares it (read from llama_model_quantize_default_params,
// then nthread, ftype, imatrix and tensor-type overrides set): 4 ints, 6 bools, then pointers.
const ParametersBytes = koffi.struct('oellm_quantize_parameters_bytes', { bytes: koffi.array('uint8_t', 256) });
const ImatrixData = koffi.struct('oellm_llama_model_imatrix_data', { name: 'const char *', data: 'const float *', size: 'size_t' });
const TensorOverride = koffi.struct('oellm_llama_model_tensor_override', { pattern: 'const char *', type: 'int' });
const Parameters = koffi.struct('oellm_llama_model_quantize_params', {
  nthread: 'int32_t',
  ftype: 'int32_t',
  output_tensor_type: 'int32_t',
  token_embedding_type: 'int32_t',
  flags: koffi.array('uint8_t', 8),
  imatrix: koffi.pointer(ImatrixData),
  kv_overrides: 'void *',
  tt_overrides: koffi.pointer(TensorOverride),
  prune_layers: 'void *',
});

let functions: { defaults: () => { bytes: number[] }; quantize: (input: string, output: string, parameters: unknown) => number } | undefined;

function load() {
  if (!functions) {
    const library = koffi.load(join(oracleBinaries, 'libllama.v0.4.0.so'));
    const backendInit = library.func('void llama_backend_init()');
    backendInit();
    functions = {
      defaults: library.func('oellm_quantize_parameters_bytes llama_model_quantize_default_params()') as never,
      quantize: library.func('uint32_t llama_model_quantize(const char *input, const char *output, const oellm_llama_model_quantize_params *parameters)') as never,
    };
  }
  return functions;
}

/** llama.cpp's file type numbers (enum llama_ftype). */
export const llamaFileTypes: Record<string, number> = {
  F32: 0, F16: 1, Q4_0: 2, Q4_1: 3, Q8_0: 7, Q5_0: 8, Q5_1: 9, Q2_K: 10, Q3_K_S: 11, Q3_K_M: 12, Q3_K_L: 13,
  Q4_K_S: 14, Q4_K_M: 15, Q5_K_S: 16, Q5_K_M: 17, Q6_K: 18, BF16: 32,
};

/** Runs llama_model_quantize(input → output) with `fileType` and one thread; throws on failure. */
export function llamaQuantize(
  input: string,
  output: string,
  fileType: string,
  options: { threads?: number; allowRequantize?: boolean; importance?: ReadonlyMap<string, Float32Array>; overrides?: Array<{ pattern: string; ggmlType: number }> } = {},
): void {
  const { defaults, quantize } = load();
  const bytes = Uint8Array.from(defaults().bytes);
  const view = new DataView(bytes.buffer);
  const imatrix = options.importance
    ? [...[...options.importance].map(([name, data]) => ({ name, data, size: data.length })), { name: null, data: null, size: 0 }]
    : null;
  const overrides = options.overrides ? [...options.overrides.map((override) => ({ pattern: override.pattern, type: override.ggmlType })), { pattern: null, type: 0 }] : null;
  const parameters = {
    nthread: options.threads ?? 1,
    ftype: llamaFileTypes[fileType]!,
    output_tensor_type: view.getInt32(8, true),
    token_embedding_type: view.getInt32(12, true),
    // flags[0] is allow_requantize.
    flags: Array.from(bytes.subarray(16, 24)).map((flag, index) => (index === 0 && options.allowRequantize ? 1 : flag)),
    imatrix,
    kv_overrides: null,
    tt_overrides: overrides,
    prune_layers: null,
  };
  const status = quantize(input, output, parameters);
  if (status !== 0) throw new Error(`llama_model_quantize failed with ${status}`);
}
