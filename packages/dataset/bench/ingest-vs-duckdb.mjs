// Benchmark: `oellm data ingest` (no stages) to Parquet (zstd) and Arrow IPC (zstd) against
// DuckDB's COPY … TO parquet (zstd) on the same generated JSONL.zst. Each job runs in its own
// process; throughput is uncompressed JSON MB/s. BENCH_MB sets the corpus size (default 100).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate-corpus.mjs';

const megabytes = Number(process.env.BENCH_MB ?? 100);
const flores = new URL('../../../../shared/data/flores200-dev/', import.meta.url);
const directory = mkdtempSync(join(tmpdir(), 'oellm-dataset-bench-'));
const input = join(directory, 'corpus.jsonl.zst');
console.log(`generating ~${megabytes} MB of JSONL (HPLT v2 fields, FLORES sentences) → ${input}`);
const { bytes, documents } = await generateCorpus(input, megabytes, flores);
console.log(`${documents} documents, ${(bytes / 1e6).toFixed(0)} MB uncompressed`);

const child = fileURLToPath(new URL('./run-child.mjs', import.meta.url));
const run = (job, out, level) => JSON.parse(execFileSync(process.execPath, [child, job, input, out, String(level)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop());
const sizeOf = (path) => Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
const results = {};
// BENCH_JOBS=parquet-3,arrow-3 runs a subset (e.g. only ours on a very large input, for peak RSS).
const jobs = (process.env.BENCH_JOBS ?? 'duckdb-3,parquet-3,arrow-3,parquet-1,arrow-1').split(',').map((entry) => [entry.split('-')[0], Number(entry.split('-')[1])]);
for (const [job, level] of jobs) {
  const out = join(directory, `${job}-${level}${job === 'duckdb' ? '.parquet' : ''}`);
  const result = run(job, out, level);
  results[`${job}-${level}`] = result;
  console.log(`${`${job} zstd-${level}`.padEnd(16)} ${result.seconds.toFixed(2)} s  ${(bytes / 1e6 / result.seconds).toFixed(1)} MB/s  CPU ${result.cpuSeconds.toFixed(2)} s  peak RSS ${result.maxRssMB.toFixed(0)} MB  output ${(sizeOf(out) / 1e6).toFixed(1)} MB`);
  rmSync(out, { recursive: true, force: true });
}
const ratio = (key, measure) => (results['duckdb-3'] && results[key] ? (results['duckdb-3'][measure] / results[key][measure]).toFixed(2) : '–');
for (const [measure, name] of [['seconds', 'wall-clock throughput'], ['cpuSeconds', 'CPU efficiency']]) {
  console.log(`${name} vs DuckDB (zstd 3): parquet ${ratio('parquet-3', measure)}x, arrow ${ratio('arrow-3', measure)}x; ours at zstd 1: parquet ${ratio('parquet-1', measure)}x, arrow ${ratio('arrow-1', measure)}x (target >= 1.0x)`);
}
console.log(`peak RSS: ${Object.entries(results).map(([key, result]) => `${key} ${result.maxRssMB.toFixed(0)} MB`).join(', ')} (target <= 512 MB)`);
rmSync(directory, { recursive: true, force: true });
