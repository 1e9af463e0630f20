// Benchmarks @oellm/tokenizer against the reference tools on the same input, in one run:
// encoding throughput (one thread) vs spm_encode and sentencepiece-js, and BPE training wall
// time vs spm_train. Needs the built package (pnpm build) and Debian's `sentencepiece`.
// Reduced size by default (FLORES dev, ~5.7 MB); BENCH_REPEAT=N repeats the corpus N times.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSentencePieceTokenizer, sentencePieceTrainer, writeModelFile } from '../dist/index.js';

const repeat = Number(process.env.BENCH_REPEAT ?? 1);
const flores = new URL('../../../../shared/data/flores200-dev/', import.meta.url);
const lines = readdirSync(flores).sort().flatMap((name) => readFileSync(new URL(name, flores), 'utf8').split('\n').filter((line) => line !== ''));
const corpus = Array.from({ length: repeat }, () => lines).flat();
const directory = mkdtempSync(join(tmpdir(), 'oellm-tokenizer-bench-'));
const input = join(directory, 'corpus.txt');
writeFileSync(input, `${corpus.join('\n')}\n`);
const megabytes = Buffer.byteLength(corpus.join('\n')) / 1e6;
console.log(`corpus: ${corpus.length} lines, ${megabytes.toFixed(1)} MB (FLORES dev x${repeat}; 2 shared cores, timings are noisy)`);

function time(run) {
  const started = performance.now();
  const result = run();
  return [(performance.now() - started) / 1000, result];
}

// Training: BPE, vocab 8000, identity normalisation, both sides on the same file.
const vocabularySize = 8000;
const [spmTrainSeconds] = time(() => execFileSync('spm_train', [`--input=${input}`, `--model_prefix=${join(directory, 'spm')}`, `--vocab_size=${vocabularySize}`, '--model_type=bpe', '--normalization_rule_name=identity', '--num_threads=2', '--minloglevel=2']));
const started = performance.now();
const { model } = await sentencePieceTrainer.trainModel(corpus, { vocabularySize, modelType: 'bpe' });
const oursTrainSeconds = (performance.now() - started) / 1000;
await writeModelFile(join(directory, 'ours.model'), model);
console.log(`BPE training (vocab ${vocabularySize}): ours ${oursTrainSeconds.toFixed(1)} s, spm_train ${spmTrainSeconds.toFixed(1)} s, ratio ${(oursTrainSeconds / spmTrainSeconds).toFixed(2)}x`);

// Encoding: spm_train's Unigram model (nmt_nfkc), one thread each.
execFileSync('spm_train', [`--input=${input}`, `--model_prefix=${join(directory, 'unigram')}`, '--vocab_size=8000', '--num_threads=2', '--minloglevel=2']);
for (const name of ['unigram', 'spm']) {
  const modelPath = join(directory, `${name}.model`);
  const tokenizer = await loadSentencePieceTokenizer(modelPath, { threads: 0 });
  const [oursSeconds] = time(() => {
    for (const line of corpus) tokenizer.encode(line);
  });
  const [spmSeconds] = time(() => execFileSync('spm_encode', [`--model=${modelPath}`, '--output_format=id', input], { maxBuffer: 1 << 30 }));
  const { SentencePieceProcessor } = createRequire(import.meta.url)('sentencepiece-js');
  const processor = new SentencePieceProcessor();
  await processor.load(modelPath);
  const [wasmSeconds] = time(() => {
    for (const line of corpus) processor.encodeIds(line);
  });
  const rate = (seconds) => `${(megabytes / seconds).toFixed(1)} MB/s`;
  console.log(
    `encode (${name === 'spm' ? 'BPE' : 'Unigram'}): ours ${rate(oursSeconds)}, spm_encode ${rate(spmSeconds)} (process incl. output), sentencepiece-js ${rate(wasmSeconds)}; ours/spm_encode ${(spmSeconds / oursSeconds).toFixed(2)}x, ours/sentencepiece-js ${(wasmSeconds / oursSeconds).toFixed(2)}x`,
  );
}
