// BPE training on the issue's corpus (bench/benchmark-corpus.mjs: UDHR + FLORES dev, 20 MB by
// default, BENCH_MEGABYTES=N for less), vocab 30000, in one run:
//   ours        trainFromFiles, spm_train's defaults (nmt_nfkc, character_coverage 0.9995), one thread
//   HF          the `tokenizers` npm package (native Rust, Hugging Face): BpeTrainer defaults (vocab
//               30000, min frequency 0, no normaliser) with a WhitespaceSplit + Metaspace('▁')
//               pre-tokenizer, i.e. words with a leading ▁ as spm makes them; Rust threads (2 cores)
//   spm_train   --model_type=bpe --vocab_size=30000 --num_threads=2, its defaults otherwise
// Each trains in its own child process, under GNU time (Debian `time`) for the wall time and the
// peak RSS. Compression: bytes per token on the held-out FLORES lines, averaged over languages.
// Needs the built package (pnpm build), Debian's `sentencepiece` and `time`. BENCH_SPM=0 skips
// spm_train (about 6 minutes on 20 MB). The 2 cores are shared: timings are noisy, and peak RSS
// moves with garbage-collection timing: BENCH_REPEAT=N trains ours N times (the ratios use the
// highest peak RSS and the slowest wall time of those runs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBenchmarkCorpus, heldOutBytesPerToken } from './benchmark-corpus.mjs';

const vocabularySize = 30000;
const require = createRequire(import.meta.url);

// Child mode: train with one tool and exit (the parent measures the process).
const [mode, input, output] = process.argv.slice(2);
if (mode === 'ours') {
  const { trainFromFiles } = await import('../dist/index.js');
  await trainFromFiles([input], output, { vocabularySize, modelType: 'bpe', threads: 2 });
  process.exit(0);
}
if (mode === 'hf') {
  const hf = require('tokenizers');
  const tokenizer = new hf.Tokenizer(hf.BPE.empty());
  tokenizer.setPreTokenizer(hf.sequencePreTokenizer([hf.whitespaceSplitPreTokenizer(), hf.metaspacePreTokenizer()]));
  tokenizer.train([input]);
  tokenizer.save(`${output}.json`);
  process.exit(0);
}

/** Runs a command under GNU time: wall seconds, CPU seconds (user + system, all threads) and peak RSS in MB. */
function measure(command, args) {
  const child = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M %U %S', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const result = child.stderr?.toString() ?? '';
  const match = /BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result);
  if (child.status !== 0 || !match) throw new Error(`${command} failed (is Debian's \`time\` installed?): ${child.error?.message ?? result.slice(-1000)}`);
  return { seconds: Number(match[1]), megabytes: Number(match[2]) / 1024, cpuSeconds: Number(match[3]) + Number(match[4]) };
}

const corpus = buildBenchmarkCorpus();
const directory = mkdtempSync(join(tmpdir(), 'oellm-tokenizer-bpe-bench-'));
const self = fileURLToPath(import.meta.url);
console.log(`corpus: ${(corpus.trainBytes / 1e6).toFixed(1)} MB, ${corpus.trainLines} lines (UDHR + FLORES dev); held out: ${corpus.heldOut.size} languages × 100 FLORES lines; vocab ${vocabularySize}`);
console.log('2 cores shared with other jobs: timings are noisy\n');

const { loadSentencePieceTokenizer } = await import('../dist/index.js');
const results = [];
{
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
  const runs = [];
  for (let run = 0; run < repeat; run++) runs.push(measure(process.execPath, [self, 'ours', corpus.trainFile, join(directory, 'ours')]));
  if (repeat > 1) for (const { seconds, cpuSeconds, megabytes } of runs) console.log(`ours run: ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, ${megabytes.toFixed(0)} MB peak RSS`);
  const worst = { seconds: Math.max(...runs.map((run) => run.seconds)), cpuSeconds: Math.max(...runs.map((run) => run.cpuSeconds)), megabytes: Math.max(...runs.map((run) => run.megabytes)) };
  const tokenizer = await loadSentencePieceTokenizer(join(directory, 'ours.model'), { threads: 0 });
  results.push({ name: `ours (TypeScript, 2 threads${repeat > 1 ? `, worst of ${repeat}` : ''})`, ...worst, bytesPerToken: heldOutBytesPerToken((line) => tokenizer.encode(line), corpus.heldOut) });
}
{
  const measured = measure(process.execPath, [self, 'hf', corpus.trainFile, join(directory, 'hf')]);
  const hf = require('tokenizers');
  const tokenizer = hf.Tokenizer.fromFile(join(directory, 'hf.json'));
  const counts = new Map();
  for (const lines of corpus.heldOut.values()) {
    const encodings = await tokenizer.encodeBatch(lines);
    lines.forEach((line, index) => counts.set(line, encodings[index].getLength()));
  }
  results.push({ name: 'HF tokenizers 0.23.2 (Rust)', ...measured, bytesPerToken: heldOutBytesPerToken((line) => ({ length: counts.get(line) }), corpus.heldOut) });
}
if (process.env.BENCH_SPM !== '0') {
  const prefix = join(directory, 'spm');
  const measured = measure('spm_train', [`--input=${corpus.trainFile}`, `--model_prefix=${prefix}`, `--vocab_size=${vocabularySize}`, '--model_type=bpe', '--num_threads=2', '--minloglevel=2']);
  const tokenizer = await loadSentencePieceTokenizer(`${prefix}.model`, { threads: 0 });
  results.push({ name: 'spm_train 0.1.97 (C++, 2 threads)', ...measured, bytesPerToken: heldOutBytesPerToken((line) => tokenizer.encode(line), corpus.heldOut) });
}

for (const { name, seconds, cpuSeconds, megabytes, bytesPerToken } of results) {
  console.log(`${name.padEnd(36)} ${seconds.toFixed(1).padStart(7)} s wall  ${cpuSeconds.toFixed(1).padStart(7)} s CPU  ${megabytes.toFixed(0).padStart(6)} MB peak RSS  ${bytesPerToken.toFixed(3)} bytes/token held out`);
}
const [ours, hf, spm] = results;
console.log(`\nours / HF tokenizers: wall time ${(ours.seconds / hf.seconds).toFixed(2)}x (target <= 1.0), CPU time ${(ours.cpuSeconds / hf.cpuSeconds).toFixed(2)}x, peak RSS ${(ours.megabytes / hf.megabytes).toFixed(2)}x, compression ${(ours.bytesPerToken / hf.bytesPerToken).toFixed(3)}x`);
if (spm) console.log(`ours / spm_train:     wall time ${(ours.seconds / spm.seconds).toFixed(3)}x, peak RSS ${(ours.megabytes / spm.megabytes).toFixed(2)}x (target <= 0.5), compression ${(ours.bytesPerToken / spm.bytesPerToken).toFixed(3)}x (target >= 1.0)`);
