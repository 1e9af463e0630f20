// Encoding throughput on the corpus (bench/benchmark-corpus.mjs: UDHR + FLORES dev, 20 MB
// by default, BENCH_MEGABYTES=N for less), for a Unigram and a BPE model that spm_train trains at
// vocab 32000 on the 20 MB file (spm's defaults otherwise; trained once, cached under the OS
// temporary directory). On the same input file, one thread each:
//   ours (memory)      tokenizer.encode(line) over the file's lines, already in memory
//                      (Unigram: also with `webAssembly: false`, the JavaScript Viterbi)
//   ours (file → ids)  encodeTextFiles(..., { format: 'ids' }): read the file, write id lines
//   ours (file → megatron / arrow)  the same with `format: 'megatron'` (.bin + .idx) and `'arrow'`
//   spm_encode         spm_encode --output_format=id FILE > OUT (Debian sentencepiece 0.1.97), a process
//   sentencepiece-js   processor.encodeIds(line) over the same lines (spm compiled to WebAssembly)
// and ours with encodeBatch on 2 worker threads. Our id file must equal spm_encode's byte for
// byte, and the Megatron and Arrow tokens spm_encode's ids (checked). BENCH_ROUNDS=N (default 3) keeps the best of N interleaved rounds per tool, by CPU
// time and by wall time. Also needs Debian's `time` (GNU time, for spm_encode's CPU time). Needs the built package
// (pnpm build) and Debian's `sentencepiece`. The 2 cores are shared: timings are noisy.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { encodeTextFiles, loadSentencePieceTokenizer } from '../dist/index.js';
import { buildBenchmarkCorpus } from './benchmark-corpus.mjs';

const vocabularySize = 32000;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const { trainFile: modelCorpus } = buildBenchmarkCorpus({ targetBytes: 20e6 });
const { trainFile: input, trainBytes } = buildBenchmarkCorpus();
const lines = readFileSync(input, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const megabytes = trainBytes / 1e6;
const directory = mkdtempSync(join(tmpdir(), 'oellm-tokenizer-encode-bench-'));
console.log(`input: ${input}, ${megabytes.toFixed(1)} MB, ${lines.length} lines; models: spm_train vocab ${vocabularySize} on ${basename(modelCorpus)}; best of ${rounds} round(s); 2 shared cores, timings are noisy`);

/** spm_train's model of `type` on the 20 MB corpus, trained once and kept under the temporary directory. */
function referenceModel(type) {
  const cache = join(tmpdir(), 'oellm-tokenizer-benchmark-corpus', 'models');
  mkdirSync(cache, { recursive: true });
  const model = join(cache, `${type}-${vocabularySize}-${basename(modelCorpus, '.txt')}.model`);
  if (!existsSync(model)) {
    const partial = join(cache, `${type}-${process.pid}`);
    console.log(`training the ${type} model with spm_train (once; a few minutes)…`);
    execFileSync('spm_train', [`--input=${modelCorpus}`, `--model_prefix=${partial}`, `--vocab_size=${vocabularySize}`, `--model_type=${type}`, '--num_threads=2', '--minloglevel=2']);
    renameSync(`${partial}.vocab`, model.replace(/\.model$/, '.vocab'));
    renameSync(`${partial}.model`, model);
  }
  return model;
}

/**
 * Best wall time and best CPU time of each job over `rounds` rounds, the jobs interleaved within a
 * round (the cores are shared: interleaving spreads the other users' load over all tools alike).
 * CPU time is this process's (all its threads), or what a job reports for its child process; on
 * a loaded machine it is the steadier measure of one thread's speed. A job's `prepare` (untimed)
 * makes its fresh state for the round, e.g. a tokenizer with a cold word cache.
 */
async function bestOf(jobs) {
  const wall = jobs.map(() => Infinity);
  const cpu = jobs.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    for (const [index, job] of jobs.entries()) {
      const state = await job.prepare?.();
      const started = performance.now();
      const usage = process.cpuUsage();
      const childCpu = await job.run(state);
      const own = process.cpuUsage(usage);
      wall[index] = Math.min(wall[index], (performance.now() - started) / 1000);
      cpu[index] = Math.min(cpu[index], typeof childCpu === 'number' ? childCpu : (own.user + own.system) / 1e6);
      await state?.close?.();
    }
  }
  return jobs.map((_, index) => ({ wall: wall[index], cpu: cpu[index] }));
}

const { SentencePieceProcessor } = createRequire(import.meta.url)('sentencepiece-js');
const rate = (seconds) => `${(megabytes / seconds).toFixed(2)} MB/s`;
const rates = ({ wall, cpu }) => `${rate(cpu)} by CPU time, ${rate(wall)} by wall time`.padEnd(50);
const ratios = (ours, spm, wasm) =>
  `${(spm.cpu / ours.cpu).toFixed(2)}x spm_encode, ${(wasm.cpu / ours.cpu).toFixed(2)}x sentencepiece-js (by wall time ${(spm.wall / ours.wall).toFixed(2)}x, ${(wasm.wall / ours.wall).toFixed(2)}x)`;
for (const type of (process.env.BENCH_TYPES ?? 'unigram,bpe').split(',')) {
  const modelPath = referenceModel(type);
  const processor = new SentencePieceProcessor();
  await processor.load(modelPath);
  const oursIds = join(directory, `${type}.ours.ids`);
  const spmIds = join(directory, `${type}.spm.ids`);
  const threadedIds = join(directory, `${type}.threaded.ids`);
  const megatronPrefix = join(directory, `${type}.megatron`);
  const arrowFile = join(directory, `${type}.arrow`);
  // A fresh tokenizer per round (loading it is not timed): the word cache starts cold every time.
  const oneThread = () => loadSentencePieceTokenizer(modelPath, { threads: 0 });
  // Two workers, started and warmed up with a small batch before the clock starts.
  const twoWorkers = async () => {
    const tokenizer = await loadSentencePieceTokenizer(modelPath, { threads: 2 });
    await tokenizer.encodeBatch(lines.slice(0, 256));
    return tokenizer;
  };
  const [memorySeconds, fileSeconds, spmSeconds, wasmSeconds, batchSeconds, threadedFileSeconds, javaScriptSeconds, megatronSeconds, arrowSeconds] = await bestOf([
    {
      prepare: oneThread,
      run: (tokenizer) => {
        for (const line of lines) tokenizer.encode(line);
      },
    },
    { prepare: oneThread, run: (tokenizer) => encodeTextFiles(tokenizer, [input], oursIds, { format: 'ids' }) },
    {
      run: () => {
        const output = openSync(spmIds, 'w');
        try {
          // GNU time (Debian `time`) reports the child's user + system CPU seconds on stderr.
          const result = spawnSync('/usr/bin/time', ['-f', '%U %S', 'spm_encode', `--model=${modelPath}`, '--output_format=id', input], { stdio: ['ignore', output, 'pipe'] });
          if (result.status !== 0) throw new Error(`spm_encode failed: ${result.status} ${result.stderr}`);
          const [user, system] = result.stderr.toString().trim().split('\n').at(-1).split(' ').map(Number);
          return user + system;
        } finally {
          closeSync(output);
        }
      },
    },
    {
      run: () => {
        for (const line of lines) processor.encodeIds(line);
      },
    },
    { prepare: twoWorkers, run: (tokenizer) => tokenizer.encodeBatch(lines) },
    { prepare: twoWorkers, run: (tokenizer) => encodeTextFiles(tokenizer, [input], threadedIds, { format: 'ids' }) },
    // Unigram only: the same as the first job with the JavaScript Viterbi instead of the WebAssembly kernel.
    {
      prepare: () => loadSentencePieceTokenizer(modelPath, { threads: 0, webAssembly: false }),
      run: (tokenizer) => {
        if (type === 'unigram') for (const line of lines) tokenizer.encode(line);
      },
    },
    { prepare: oneThread, run: (tokenizer) => encodeTextFiles(tokenizer, [input], megatronPrefix, { format: 'megatron' }) },
    { prepare: oneThread, run: (tokenizer) => encodeTextFiles(tokenizer, [input], arrowFile, { format: 'arrow' }) },
  ]);
  const identical = readFileSync(oursIds).equals(readFileSync(spmIds));
  const threadedIdentical = readFileSync(threadedIds).equals(readFileSync(spmIds));
  const { megatronIdentical, arrowIdentical } = sameTokensAsSpm(spmIds, megatronPrefix, arrowFile);
  console.log(`\n${type === 'bpe' ? 'BPE' : 'Unigram'} (${basename(modelPath)}), one thread:`);
  console.log(`  ours (memory)       ${rates(memorySeconds)} ${ratios(memorySeconds, spmSeconds, wasmSeconds)}`);
  if (type === 'unigram') console.log(`  ours (memory), JavaScript Viterbi ${rates(javaScriptSeconds)} ${ratios(javaScriptSeconds, spmSeconds, wasmSeconds)}; the WebAssembly kernel is ${(javaScriptSeconds.cpu / memorySeconds.cpu).toFixed(2)}x this by CPU time`);
  console.log(`  ours (file → ids)   ${rates(fileSeconds)} ${ratios(fileSeconds, spmSeconds, wasmSeconds)}; ids ${identical ? 'identical to' : 'DIFFER from'} spm_encode's`);
  console.log(`  ours (file → megatron) ${rates(megatronSeconds)} ${ratios(megatronSeconds, spmSeconds, wasmSeconds)}; tokens ${megatronIdentical ? 'identical to' : 'DIFFER from'} spm_encode's ids`);
  console.log(`  ours (file → arrow) ${rates(arrowSeconds)} ${ratios(arrowSeconds, spmSeconds, wasmSeconds)}; tokens ${arrowIdentical ? 'identical to' : 'DIFFER from'} spm_encode's ids`);
  console.log(`  spm_encode          ${rates(spmSeconds)} (a process: load the model, read the file, write ids)`);
  console.log(`  sentencepiece-js    ${rates(wasmSeconds)}`);
  console.log(`  ours, encodeBatch on 2 worker threads: ${rate(batchSeconds.wall)} by wall time (${(memorySeconds.wall / batchSeconds.wall).toFixed(2)}x one thread)`);
  console.log(`  ours, file → ids on 2 worker threads: ${rate(threadedFileSeconds.wall)} by wall time (${(fileSeconds.wall / threadedFileSeconds.wall).toFixed(2)}x one thread); ids ${threadedIdentical ? 'identical to' : 'DIFFER from'} spm_encode's`);
  if (!identical || !threadedIdentical || !megatronIdentical || !arrowIdentical) process.exitCode = 1;
}

/**
 * Whether the Megatron dataset (uint16 tokens in `.bin`, one sequence per line: lengths in `.idx`)
 * and the Arrow file (a `tokens` list per line) hold spm_encode's ids, line for line.
 */
function sameTokensAsSpm(spmIdsFile, megatronPrefix, arrowFile) {
  const spmLines = readFileSync(spmIdsFile, 'utf8').split('\n');
  spmLines.pop();
  const lengths = spmLines.map((line) => (line === '' ? 0 : line.split(' ').length));
  const expected = Uint32Array.from(spmLines.flatMap((line) => (line === '' ? [] : line.split(' ').map(Number))));
  const bin = readFileSync(`${megatronPrefix}.bin`);
  const megatronTokens = new Uint16Array(bin.buffer, bin.byteOffset, bin.length / 2);
  // .idx: 34-byte header (magic, version, dtype, sequence count, document count), then int32 lengths.
  const index = readFileSync(`${megatronPrefix}.idx`);
  const sequences = Number(index.readBigUInt64LE(18));
  const megatronLengths = Array.from({ length: sequences }, (_, sequence) => index.readInt32LE(34 + sequence * 4));
  const megatronIdentical = megatronTokens.length === expected.length && megatronTokens.every((id, position) => id === expected[position]) && megatronLengths.join() === lengths.join();
  const tokens = tableFromIPC(readFileSync(arrowFile)).getChild('tokens');
  let position = 0;
  let arrowIdentical = tokens.length === lengths.length;
  for (let row = 0; arrowIdentical && row < tokens.length; row++) {
    const ids = tokens.get(row).toArray();
    arrowIdentical = ids.length === lengths[row];
    for (let index = 0; arrowIdentical && index < ids.length; index++) arrowIdentical = ids[index] === expected[position++];
  }
  return { megatronIdentical, arrowIdentical };
}
