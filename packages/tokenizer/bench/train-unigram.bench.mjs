// Unigram training wall time: our trainer vs spm_train --model_type=unigram on the same file,
// same options (vocab 8000, identity normalisation), plus bytes per token of both models on the
// training text. Needs the built package (pnpm build) and Debian's `sentencepiece`.
// Reduced size by default (FLORES dev, ~5.8 MB); BENCH_LINES=N keeps the first N lines per language.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSentencePieceTokenizer, sentencePieceTrainer, writeModelFile } from '../dist/index.js';

const linesPerLanguage = Number(process.env.BENCH_LINES ?? 1000);
const flores = new URL('../../../../shared/data/flores200-dev/', import.meta.url);
const corpus = readdirSync(flores)
  .sort()
  .flatMap((name) => readFileSync(new URL(name, flores), 'utf8').split('\n').filter((line) => line !== '').slice(0, linesPerLanguage));
const directory = mkdtempSync(join(tmpdir(), 'oellm-tokenizer-unigram-bench-'));
const input = join(directory, 'corpus.txt');
writeFileSync(input, `${corpus.join('\n')}\n`);
const bytes = Buffer.byteLength(corpus.join(''));
console.log(`corpus: ${corpus.length} lines, ${(bytes / 1e6).toFixed(1)} MB (FLORES dev; 2 cores shared with other jobs, timings are noisy)`);

const vocabularySize = 8000;
let started = performance.now();
execFileSync('spm_train', [`--input=${input}`, `--model_prefix=${join(directory, 'spm')}`, `--vocab_size=${vocabularySize}`, '--model_type=unigram', '--normalization_rule_name=identity', '--num_threads=2', '--minloglevel=2']);
const spmSeconds = (performance.now() - started) / 1000;
started = performance.now();
const { model } = await sentencePieceTrainer.trainModel(corpus, { vocabularySize, modelType: 'unigram', normalizationRuleName: 'identity' });
const oursSeconds = (performance.now() - started) / 1000;
await writeModelFile(join(directory, 'ours.model'), model);
console.log(`Unigram training (vocab ${vocabularySize}): ours ${oursSeconds.toFixed(1)} s (one thread), spm_train ${spmSeconds.toFixed(1)} s (--num_threads=2), ratio ${(oursSeconds / spmSeconds).toFixed(2)}x`);
for (const name of ['ours', 'spm']) {
  const tokenizer = await loadSentencePieceTokenizer(join(directory, `${name}.model`), { threads: 0 });
  const tokens = corpus.reduce((sum, line) => sum + tokenizer.encode(line).length, 0);
  console.log(`  ${name}: ${(bytes / tokens).toFixed(3)} bytes/token on the training text`);
}
