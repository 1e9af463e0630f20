// One whole-file quantisation by llama_model_quantize (node-llama-cpp 3.21.1's libllama, through
// koffi) in its own process. Prints {"milliseconds":…,"peakRssBytes":…}; llama.cpp's log goes to stderr.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import koffi from 'koffi';

const [input, output, fileType, threads] = process.argv.slice(2);
const fileTypes = { Q8_0: 7, Q4_0: 2, Q4_K_M: 15, Q6_K: 18 };
const require = createRequire(import.meta.url);
const binaries = join(dirname(require.resolve('@node-llama-cpp/linux-x64')), '..', 'bins', 'linux-x64');
const llama = koffi.load(join(binaries, 'libllama.v0.4.0.so'));
llama.func('void llama_backend_init()')();
const Bytes = koffi.struct('bench_parameters', { bytes: koffi.array('uint8_t', 256) });
const defaults = llama.func('bench_parameters llama_model_quantize_default_params()');
const quantize = llama.func('uint32_t llama_model_quantize(const char *input, const char *output, const uint8_t *parameters)');
// llama_model_quantize_params starts with int32 nthread, int32 ftype.
const parameters = Uint8Array.from(defaults().bytes);
new DataView(parameters.buffer).setInt32(0, Number(threads), true);
new DataView(parameters.buffer).setInt32(4, fileTypes[fileType], true);
const start = performance.now();
if (quantize(input, output, parameters) !== 0) throw new Error('llama_model_quantize failed');
const milliseconds = performance.now() - start;
console.log(JSON.stringify({ milliseconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
