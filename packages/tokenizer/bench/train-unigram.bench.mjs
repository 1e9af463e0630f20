// Unigram training on the corpus (bench/benchmark-corpus.mjs: UDHR + FLORES dev, 20 MB
// by default, BENCH_MEGABYTES=N for less): our trainer with 2 threads (trainFromFiles, the file
// streamed) against spm_train --model_type=unigram --num_threads=2 on the same file, same
// options (vocab 32000 or BENCH_VOCAB, identity normalisation, spm's defaults otherwise). Each
// side runs in a child process under GNU time, so wall time, CPU time and peak RSS are the
// process's own. Then held-out bytes per token (the last 100 FLORES lines per language, never
// trained on, averaged over languages) of both models, encoded by our encoder (which segments as
// spm_encode does). Prints the ratios. Needs the built package (pnpm build), Debian's
// `sentencepiece` and `time`. The 2 cores are shared with other jobs: timings are noisy.
// BENCH_SPM=0 skips spm_train (ours only, e.g. while iterating on memory; spm_train's figures
// do not change between runs of the same corpus). BENCH_RUNS=N trains ours N times (peak RSS
// varies with garbage-collection timing; the spread shows how much).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const identity = 'identity';

// Child mode: `node train-unigram.bench.mjs --child FILE PREFIX VOCAB THREADS` trains ours.
if (process.argv[2] === '--child') {
  const [file, prefix, vocabulary, threads] = process.argv.slice(3);
  const { trainFromFiles } = await import('../dist/index.js');
  await trainFromFiles([file], prefix, { vocabularySize: Number(vocabulary), modelType: 'unigram', normalizationRuleName: identity, threads: Number(threads) });
  process.exit(0);
}

const { loadSentencePieceTokenizer } = await import('../dist/index.js');
const { buildBenchmarkCorpus, heldOutBytesPerToken } = await import('./benchmark-corpus.mjs');

// Runs a command under GNU time; returns wall seconds, CPU seconds and peak RSS in MB.
function timed(command, args) {
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const field = (name) => result.stderr.match(new RegExp(`${name}: ([\\d.:]+)`))?.[1];
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').reduce((total, part) => total * 60 + Number(part), 0);
  const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
  return { wall, cpu, rss: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024 };
}

execFileSync('/usr/bin/time', ['--version'], { stdio: 'ignore' });
const vocabularySize = Number(process.env.BENCH_VOCAB ?? 32000);
const threads = 2;
const { trainFile, trainBytes, trainLines, heldOut } = buildBenchmarkCorpus();
const directory = mkdtempSync(join(tmpdir(), 'oellm-tokenizer-unigram-bench-'));
console.log(`corpus: ${trainFile}, ${(trainBytes / 1e6).toFixed(1)} MB, ${trainLines} lines; vocab ${vocabularySize}, ${identity} normalisation, ${threads} threads each; 2 shared cores, timings are noisy`);

const withSpm = process.env.BENCH_SPM !== '0';
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const spm = withSpm ? timed('spm_train', [`--input=${trainFile}`, `--model_prefix=${join(directory, 'spm')}`, `--vocab_size=${vocabularySize}`, '--model_type=unigram', `--normalization_rule_name=${identity}`, `--num_threads=${threads}`, '--minloglevel=2']) : undefined;
const oursRuns = Array.from({ length: runs }, () => timed(process.execPath, [fileURLToPath(import.meta.url), '--child', trainFile, join(directory, 'ours'), String(vocabularySize), String(threads)]));
const ours = oursRuns.at(-1);
if (runs > 1) console.log(`ours, ${runs} runs: peak RSS ${oursRuns.map(({ rss }) => rss.toFixed(0)).join(', ')} MB; wall ${oursRuns.map(({ wall }) => wall.toFixed(1)).join(', ')} s; CPU ${oursRuns.map(({ cpu }) => cpu.toFixed(1)).join(', ')} s`);
const rates = {};
for (const name of withSpm ? ['ours', 'spm'] : ['ours']) {
  const tokenizer = await loadSentencePieceTokenizer(join(directory, `${name}.model`), { threads: 0 });
  rates[name] = heldOutBytesPerToken((line) => tokenizer.encode(line), heldOut);
}
const row = (name, { wall, cpu, rss }) => `  ${name.padEnd(10)} ${wall.toFixed(1).padStart(7)} s wall ${cpu.toFixed(1).padStart(7)} s CPU ${rss.toFixed(0).padStart(6)} MB peak RSS ${rates[name].toFixed(3)} bytes/token held out`;
console.log(row('ours', ours));
if (spm) console.log(row('spm', spm));
if (spm) {
  console.log(
    `ratios ours/spm_train: wall ${(ours.wall / spm.wall).toFixed(2)}x (bar ≤ 0.5x), CPU ${(ours.cpu / spm.cpu).toFixed(2)}x, peak RSS ${(ours.rss / spm.rss).toFixed(2)}x (bar ≤ 0.5x), held-out compression ${(rates.ours / rates.spm).toFixed(3)}x (bar ≥ 1.000x)`,
  );
}
