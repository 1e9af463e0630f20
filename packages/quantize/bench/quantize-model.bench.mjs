// Whole-file quantisation: oellm (quantizeModel, what `oellm quantize` runs) against
// llama_model_quantize of node-llama-cpp 3.21.1, Q4_K_M, 2 threads each, each run in its own
// process so peak RSS is measured per run. Runs alternate (best of REPEATS each) because the cores
// may be shared. FULL=1: a ~500 MB model; default: ~56 MB. Run `pnpm --filter @oellm/quantize build` first.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticModel } from './support/synthetic-model.mjs';

const full = process.env.FULL === '1';
const repeats = Number(process.env.REPEATS ?? 2);
const fileType = process.env.FILE_TYPE ?? 'Q4_K_M';
const threads = 2;
const shape = full
  ? { layers: 2, embedding: 2048, feedForward: 2048, vocabulary: 32000 }
  : { layers: 4, embedding: 512, feedForward: 1024, vocabulary: 8000 };

const directory = await mkdtemp(join(tmpdir(), 'oellm-quantize-model-bench-'));
try {
  const input = join(directory, 'model-f32.gguf');
  const model = await writeSyntheticModel(input, shape);
  const megabytes = (bytes) => (bytes / 1e6).toFixed(0);
  console.log(`whole file, ${fileType}, ${threads} threads each: synthetic Llama of ${megabytes(model.totalBytes)} MB F32, ${model.tensors} tensors, largest ${megabytes(model.largestBytes)} MB (token_embd)${full ? '' : ' (reduced; FULL=1 for ~500 MB)'}`);
  const run = (script) => {
    const output = execFileSync(process.execPath, [fileURLToPath(new URL(`./support/${script}`, import.meta.url)), input, join(directory, 'out.gguf'), fileType, String(threads)], { stdio: ['ignore', 'pipe', 'ignore'] });
    return JSON.parse(output.toString().trim().split('\n').at(-1));
  };
  const ours = [];
  const reference = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    ours.push(run('run-oellm-quantize.mjs'));
    reference.push(run('run-llama-quantize.mjs'));
  }
  const best = (runs) => runs.reduce((a, b) => (b.milliseconds < a.milliseconds ? b : a));
  const oursBest = best(ours);
  const referenceBest = best(reference);
  const peak = (runs) => Math.max(...runs.map((r) => r.peakRssBytes));
  console.log('          seconds (each run)        best s   peak RSS MB   RSS / largest tensor');
  for (const [name, runs, bestRun] of [['oellm', ours, oursBest], ['llama', reference, referenceBest]]) {
    console.log(`${name.padEnd(8)}  ${runs.map((r) => (r.milliseconds / 1000).toFixed(2)).join(' ').padEnd(24)} ${(bestRun.milliseconds / 1000).toFixed(2).padStart(7)} ${megabytes(peak(runs)).padStart(13)} ${(peak(runs) / model.largestBytes).toFixed(2).padStart(21)}x`);
  }
  console.log(`ratio (llama time / oellm time): ${(referenceBest.milliseconds / oursBest.milliseconds).toFixed(2)}x; oellm peak RSS ${(peak(ours) / model.largestBytes).toFixed(2)}× the largest tensor (target ≤ 2×)`);
} finally {
  await rm(directory, { recursive: true, force: true });
}
