// One timed job in its own process, so peak RSS is the job's own. Prints JSON on stdout.
const [job, input, out, level] = process.argv.slice(2);
const started = performance.now();
if (job === 'duckdb') {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM read_json('${input}')) TO '${out}' (FORMAT parquet, COMPRESSION zstd)`);
} else {
  const { ingestDataset } = await import('../dist/index.js');
  // BENCH_THREADS sets the parser threads (default: one per core; 0 runs everything inline).
  const threads = process.env.BENCH_THREADS === undefined ? {} : { threads: Number(process.env.BENCH_THREADS) };
  await ingestDataset({ inputs: [input], out, format: job, zstdLevel: Number(level ?? 3), ...threads });
}
const seconds = (performance.now() - started) / 1000;
// CPU time of all threads, plus waited-for child processes (the zstd decoder) from /proc: a
// fairer measure than wall time when the cores are shared with other work.
const usage = process.resourceUsage();
const stat = (await import('node:fs')).readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
const childSeconds = (Number(stat[13]) + Number(stat[14])) / 100;
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6 + childSeconds;
console.log(JSON.stringify({ seconds, cpuSeconds, maxRssMB: usage.maxRSS / 1024 }));
