// Where one-thread encoding time goes, by phase, on two inputs: the benchmark corpus
// (bench/benchmark-corpus.mjs, BENCH_MEGABYTES, default 20; it repeats its 11 MB of distinct text)
// and FLORES-200 dev (../shared/data, natural text: every line distinct). For the spm_train models
// encode.bench.mjs trains and caches (run it once first), each phase is timed by CPU time, best of
// BENCH_ROUNDS (default 3), phases interleaved within a round (the 2 cores are shared):
//   utf8               TextEncoder.encodeInto over every line (the cost encode() starts with)
//   + normalise        the same plus Normalizer.normalizeRange (the model's rules)
//   encode, no cache   tokenizer.encode(line) with wordCacheSize 0: whole-line Viterbi / BPE
//   encode, no cache, JS  the same with `webAssembly: false` (Unigram: the JavaScript normaliser
//                      and Viterbi instead of the WebAssembly kernel; BPE: no difference)
//   encode, JS         `webAssembly: false` with the word cache (Unigram's JavaScript path as shipped)
//   encode             tokenizer.encode(line) as shipped (fresh tokenizer: cold word cache)
//   encode, warm cache the same text a second time through the same tokenizer (every word a hit
//                      if the cache holds all its words: true for FLORES, not for the 20 MB corpus,
//                      whose 475,000 words overflow the cache's arena, so it starts over)
//   sentencepiece-js   processor.encodeIds(line) (spm compiled to WebAssembly), for the ratio on
//                      each input (FLORES: natural text, no repetition to profit from)
// Unigram with WebAssembly (the default) encodes each line in one kernel call — normalise, Viterbi
// over the whole line, ids — and uses no word cache, so its "encode, no cache", "encode" and
// "encode, warm cache" rows run the same code. Elsewhere "segment + output" is encode minus
// "+ normalise": the model's segmentation plus writing the ids; in the warm-cache row (BPE) it is
// the fixed per-word cost outside BPE: splitting into words, hashing, the cache lookup, copying the
// pieces and writing the ids. BENCH_TYPES=unigram (or bpe) runs one model. Needs the built package
// (pnpm build).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Normalizer, loadSentencePieceTokenizer, readModelFile } from '../dist/index.js';
import { buildBenchmarkCorpus } from './benchmark-corpus.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const { trainFile: modelCorpus } = buildBenchmarkCorpus({ targetBytes: 20e6 });
const { trainFile: corpusFile } = buildBenchmarkCorpus();
const flores = new URL('../../../../shared/data/flores200-dev/', import.meta.url);

const readLines = (text) => text.split('\n').filter((line) => line !== '');
const inputs = [
  { name: `benchmark corpus (${basename(corpusFile)})`, lines: readLines(readFileSync(corpusFile, 'utf8')) },
  { name: 'FLORES-200 dev (all files, distinct lines)', lines: readdirSync(flores).sort().flatMap((name) => readLines(readFileSync(new URL(name, flores), 'utf8'))) },
];

const cpuSeconds = (work) => {
  const usage = process.cpuUsage();
  work();
  const spent = process.cpuUsage(usage);
  return (spent.user + spent.system) / 1e6;
};

for (const type of (process.env.BENCH_TYPES ?? 'unigram,bpe').split(',')) {
  const modelPath = join(tmpdir(), 'oellm-tokenizer-benchmark-corpus', 'models', `${type}-32000-${basename(modelCorpus, '.txt')}.model`);
  if (!existsSync(modelPath)) {
    console.error(`${modelPath} is missing: run bench/encode.bench.mjs once first (it trains and caches the spm_train models).`);
    process.exit(1);
  }
  const model = await readModelFile(modelPath);
  for (const { name, lines } of inputs) {
    const megabytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / 1e6;
    const buffer = new Uint8Array(1 << 20);
    const encoder = new TextEncoder();
    const phases = {
      utf8: () => () => {
        for (const line of lines) encoder.encodeInto(line, buffer);
      },
      '+ normalise': () => {
        const normalizer = new Normalizer(model.normalizerSpec ?? {});
        return () => {
          for (const line of lines) normalizer.normalizeRange(buffer, 0, encoder.encodeInto(line, buffer).written);
        };
      },
      'encode, no cache': async () => {
        const tokenizer = await loadSentencePieceTokenizer(modelPath, { threads: 0, wordCacheSize: 0 });
        return () => {
          for (const line of lines) tokenizer.encode(line);
        };
      },
      // Unigram: the same with the JavaScript Viterbi instead of the WebAssembly kernel (BPE: same as above).
      'encode, no cache, JS': async () => {
        const tokenizer = await loadSentencePieceTokenizer(modelPath, { threads: 0, wordCacheSize: 0, webAssembly: false });
        return () => {
          for (const line of lines) tokenizer.encode(line);
        };
      },
      'encode, JS': async () => {
        const tokenizer = await loadSentencePieceTokenizer(modelPath, { threads: 0, webAssembly: false });
        return () => {
          for (const line of lines) tokenizer.encode(line);
        };
      },
      encode: async () => {
        const tokenizer = await loadSentencePieceTokenizer(modelPath, { threads: 0 });
        return () => {
          for (const line of lines) tokenizer.encode(line);
        };
      },
      'sentencepiece-js': async () => {
        const { SentencePieceProcessor } = createRequire(import.meta.url)('sentencepiece-js');
        const processor = new SentencePieceProcessor();
        await processor.load(modelPath);
        return () => {
          for (const line of lines) processor.encodeIds(line);
        };
      },
      'encode, warm cache': async () => {
        const tokenizer = await loadSentencePieceTokenizer(modelPath, { threads: 0 });
        for (const line of lines) tokenizer.encode(line);
        return () => {
          for (const line of lines) tokenizer.encode(line);
        };
      },
    };
    const best = Object.fromEntries(Object.keys(phases).map((phase) => [phase, Infinity]));
    for (let round = 0; round < rounds; round++) {
      for (const [phase, prepare] of Object.entries(phases)) best[phase] = Math.min(best[phase], cpuSeconds(await prepare()));
    }
    console.log(`\n${type === 'bpe' ? 'BPE' : 'Unigram'} on ${name}: ${megabytes.toFixed(1)} MB, ${lines.length} lines, best of ${rounds} by CPU time`);
    console.log(`  encode (as shipped) is ${(best['sentencepiece-js'] / best.encode).toFixed(2)}x sentencepiece-js by CPU time`);
    for (const [phase, seconds] of Object.entries(best)) {
      const inKernel = type === 'unigram' && phase.startsWith('encode') && !phase.includes('JS');
      if (phase === 'sentencepiece-js') {
        console.log(`  ${phase.padEnd(20)} ${seconds.toFixed(2).padStart(6)} s ${(megabytes / seconds).toFixed(1).padStart(6)} MB/s`);
        continue;
      }
      const share = inKernel ? '; one kernel call per line (normalise, Viterbi, ids)' : phase.startsWith('encode') ? `; segment + output ${(seconds - best['+ normalise']).toFixed(2)} s (${(((seconds - best['+ normalise']) / seconds) * 100).toFixed(0)} %)` : '';
      console.log(`  ${phase.padEnd(20)} ${seconds.toFixed(2).padStart(6)} s ${(megabytes / seconds).toFixed(1).padStart(6)} MB/s${share}`);
    }
  }
}
