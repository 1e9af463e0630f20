import { UsageError, type DocumentStageV1 } from '@oellm/core';
import type { Command } from '../../command.js';
import { createProgressBars } from '../../output/progress-bar.js';
import { choiceOption, integerOption, listOption, requiredStringOptions } from '../../option-values.js';

const formats = ['parquet', 'arrow', 'jsonl'] as const;
const filters = ['quality', 'pii'] as const;

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Read corpora (JSONL[.gz|.zst], HPLT v2, Parquet, Arrow IPC), run stages, write shards with a manifest',
  help: `Usage: oellm data ingest <inputs…> --out DIR [options]

Reads every input as documents (files, directories, globs such as 'hplt/**/*.jsonl.zst', or a
_map.txt shard list), runs the chosen stages, and writes shards with a manifest.json into DIR.
Bad records (invalid JSON or UTF-8, no text, truncated zstd) are quarantined to
DIR/_quarantine.jsonl with file, line and reason, and counted. A killed run started again with
the same arguments keeps its completed shards and resumes.

Options:
  --out DIR             the dataset directory (required)
  --format FORMAT       parquet (zstd, default) | arrow (IPC file, zstd) | jsonl (JSONL.zst)
  --lang-id             identify each document's language (fastText lid.176) among the registry languages;
                        keeps a corpus label given with confidence >= 0.9, drops unidentifiable text
  --filters LIST        comma-separated stages: quality (Gopher rules), pii (mask e-mail and IP addresses)
  --dedup KIND          none (default) | exact | minhash (5-word shingles, 14 bands x 8 hashes)
  --strict              stop at the first bad record instead of quarantining it
  --rows-per-shard N    rows per shard (default 100000)
  --shard-size MB       MB of text per shard (default 256)
  --zstd-level N        zstd level of the shards (default 3; 1 writes about 1.5x faster, files ~15% larger)
  --threads N           worker threads parsing JSONL and running lang-id, pii and quality (default: cores
                        minus 2, at most 4; 0 on 2 cores); 0 runs everything on one thread. The output
                        is the same for every N
  --source NAME         value of the source column for records without one
  --name NAME           dataset name in the manifest (default: the directory name)
  --json                print the summary as JSON
  --help                show this help`,
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    format: { type: 'string' },
    filters: { type: 'string' },
    dedup: { type: 'string' },
    strict: { type: 'boolean' },
    'lang-id': { type: 'boolean' },
    'rows-per-shard': { type: 'string' },
    'shard-size': { type: 'string' },
    'zstd-level': { type: 'string' },
    threads: { type: 'string' },
    source: { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(parsed, io) {
    const { values, positionals } = parsed;
    if (positionals.length === 0) throw new UsageError({ code: 'missing_inputs', message: 'give at least one input file, directory, glob or _map.txt. Run `oellm data ingest --help`.' });
    const { out } = requiredStringOptions(parsed, ['out'], 'oellm data ingest');
    const format = choiceOption(parsed, 'format', formats, 'parquet');
    const dataset = await import('@oellm/dataset');
    const stages: DocumentStageV1[] = [];
    const filterNames = listOption(parsed, 'filters', filters);
    // Language first (quality thresholds are per language), masking before dedup so dedup compares
    // masked texts, quality before dedup so dedup state holds only documents that are kept.
    if (values['lang-id'] === true) stages.push(await dataset.createLanguageIdStage());
    if (filterNames.includes('pii')) stages.push(dataset.createPiiMaskingStage());
    if (filterNames.includes('quality')) stages.push(dataset.createQualityFilterStage());
    const dedup = choiceOption(parsed, 'dedup', ['none', 'exact', 'minhash'], 'none');
    if (dedup === 'exact') stages.push(dataset.createExactDedupStage());
    else if (dedup === 'minhash') stages.push(dataset.createMinhashDedupStage());
    const rowsPerShard = integerOption(parsed, 'rows-per-shard', { minimum: 1 });
    const shardMegabytes = integerOption(parsed, 'shard-size', { minimum: 1 });
    const zstdLevel = integerOption(parsed, 'zstd-level', { minimum: 1, maximum: 22 });
    const threads = integerOption(parsed, 'threads', { minimum: 0 });
    const startedAt = Date.now();
    const summary = await dataset.ingestDataset({
      inputs: positionals,
      out,
      format,
      stages,
      strict: values['strict'] === true,
      ...(rowsPerShard === undefined ? {} : { maxRowsPerShard: rowsPerShard }),
      ...(shardMegabytes === undefined ? {} : { maxBytesPerShard: shardMegabytes * 1_000_000 }),
      ...(zstdLevel === undefined ? {} : { zstdLevel }),
      ...(threads === undefined ? {} : { threads }),
      ...(typeof values['source'] === 'string' ? { source: values['source'] } : {}),
      ...(typeof values['name'] === 'string' ? { name: values['name'] } : {}),
      progress: createProgressBars(io),
    });
    const seconds = (Date.now() - startedAt) / 1000;
    const result = {
      out,
      format,
      documentsIn: summary.documentsIn,
      kept: summary.kept,
      dropped: summary.dropped,
      quarantined: summary.quarantined,
      shards: summary.shards.length,
      resumed: summary.resumed,
      seconds,
      manifest: summary.manifestPath,
    };
    if (values['json']) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const droppedText = Object.entries(summary.dropped).map(([reason, rows]) => `${reason} ${rows}`).join(', ') || 'none';
    io.stdout(
      `${summary.resumed ? 'resumed and ' : ''}wrote ${summary.kept} documents in ${summary.shards.length} ${format} shards to ${out}\n` +
        `  in ${summary.documentsIn} = kept ${summary.kept} + dropped ${Object.values(summary.dropped).reduce((a, b) => a + b, 0)} (${droppedText}) + quarantined ${summary.quarantined}\n` +
        (summary.quarantined > 0 ? `  quarantined records: ${out}/_quarantine.jsonl\n` : '') +
        `  ${(summary.documentsIn / Math.max(seconds, 1e-3)).toFixed(0)} documents/s; manifest: ${summary.manifestPath}\n`,
    );
    return 0;
  },
};
