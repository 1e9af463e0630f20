import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createManifest,
  createProgressThrottle,
  describeFile,
  InputError,
  isTemporaryPath,
  writeFileAtomic,
  writeManifest,
  type DocumentStageV1,
  type JsonObject,
  type ProgressListener,
  type SourceReadOptions,
} from '@oellm/core';
import { jsonlBlockOptions } from '../input/jsonl-source.js';
import { jsonlBlocks } from '../input/jsonl-blocks.js';
import { openDocumentSource, sourceForFile } from '../input/open-source.js';
import { reportBadRecord } from '../input/quarantine.js';
import { inputFormatOf } from '../input/resolve-inputs.js';
import { ingestWorkerAvailable, openIngestWorkerPool, type IngestWorkerPool } from '../parallel/ingest-worker-pool.js';
import { processUnit, type ProcessedUnit, type WorkUnit } from '../parallel/process-unit.js';
import { stageRecipeOf, type StageRecipe } from '../parallel/stage-recipes.js';
import { datasetPackage } from '../package-version.js';
import { createDatasetSink, type CompletedShard } from './dataset-sink.js';
import { openQuarantineFile } from '@oellm/core';
import type { OutputFormat } from './shard-file-writer.js';

/**
 * Options of {@link ingestDataset}.
 *
 * @example
 * ```ts
 * import type { IngestOptions } from '@oellm/dataset';
 * const options: IngestOptions = { inputs: ['hplt/mt/'], out: 'data/mt', format: 'parquet' };
 * ```
 */
export interface IngestOptions {
  inputs: readonly string[];
  /** The dataset directory: shards, `manifest.json`, `_quarantine.jsonl`. */
  out: string;
  format?: OutputFormat;
  /** Stages run in order on every batch. */
  stages?: readonly DocumentStageV1[];
  /** Stop at the first bad record with an InputError instead of quarantining it. */
  strict?: boolean;
  maxRowsPerShard?: number;
  maxBytesPerShard?: number;
  batchSize?: number;
  /** Dataset name in the manifest (default: the directory name). */
  name?: string;
  /** Written to the `source` column of records without one. */
  source?: string;
  progress?: ProgressListener;
  signal?: AbortSignal;
  /**
   * Worker threads that parse JSONL and run the stateless stages (quality filter, PII masking,
   * language ID) at the head of `stages`; shards are then encoded and compressed on one more.
   * Default: `defaultParserThreads()` (cores − 2, at most 4; so 0 on a 2-core machine, where
   * measurements showed the workers' overhead outweighs the parallelism) when running from the
   * built package, else 0. `0` runs everything on the calling thread. The output is the same
   * whatever the number.
   */
  threads?: number;
  /** zstd level of the shards (default 3, as DuckDB and the zstd tool; 1 is about 1.5x faster to write). */
  zstdLevel?: number;
}

/**
 * What an ingest did; the same numbers are in the manifest's `counts`.
 *
 * @example
 * ```ts
 * import type { IngestSummary } from '@oellm/dataset';
 * const { documentsIn, kept, dropped, quarantined }: IngestSummary = await ingestDataset(options);
 * ```
 */
export interface IngestSummary {
  /** Records read: kept + dropped + quarantined. */
  documentsIn: number;
  kept: number;
  dropped: Record<string, number>;
  quarantined: number;
  shards: CompletedShard[];
  manifestPath: string;
  /** True when the run continued an interrupted one. */
  resumed: boolean;
}

const journalName = '_progress.json';
const manifestName = 'manifest.json';
const quarantineName = '_quarantine.jsonl';

interface Journal {
  runKey: string;
  shards: CompletedShard[];
}

/**
 * Reads inputs, runs stages, writes shards and the dataset manifest: the `oellm data ingest`
 * pipeline. Nothing is lost: documents in = kept + dropped (by reason) + quarantined.
 *
 * Resuming: after each complete shard a journal (`_progress.json`) records it. A run started
 * again with the same inputs and parameters keeps the complete shards, re-reads the input
 * (so stateful stages such as dedup see the same history), skips the rows those shards hold
 * and writes the rest: no duplicate, no missing document.
 *
 * @throws InputError `dataset_exists` when `out` already holds a finished dataset, `different_run` when it holds another run's partial output.
 * @example
 * ```ts
 * import { ingestDataset } from '@oellm/dataset';
 * const summary = await ingestDataset({ inputs: ['corpus.jsonl.zst'], out: 'data/eu', format: 'parquet' });
 * console.log(summary.kept, summary.quarantined);
 * ```
 */
export async function ingestDataset(options: IngestOptions): Promise<IngestSummary> {
  const startedAt = Date.now();
  const out = options.out;
  const format = options.format ?? 'parquet';
  const stages = options.stages ?? [];
  const progress = createProgressThrottle(options.progress);
  const source = await openDocumentSource(options.inputs);
  let bytesRead = 0;
  const parameters: JsonObject = {
    format,
    stages: stages.map((stage) => stage.name),
    maxRowsPerShard: options.maxRowsPerShard ?? 100_000,
    maxBytesPerShard: options.maxBytesPerShard ?? 256 << 20,
    batchSize: options.batchSize ?? 8192,
    strict: options.strict ?? false,
    zstdLevel: options.zstdLevel ?? 3,
    ...(options.source === undefined ? {} : { source: options.source }),
  };
  const runKey = JSON.stringify({ files: source.files.map((file) => resolve(file)), parameters });

  if (await exists(join(out, manifestName))) {
    throw new InputError({ code: 'dataset_exists', message: 'the directory already holds a finished dataset; choose a new --out directory or delete it', location: { file: out } });
  }
  const journal = await readJournal(join(out, journalName));
  if (journal && journal.runKey !== runKey) {
    throw new InputError({ code: 'different_run', message: `holds the partial output of a run with other inputs or parameters (${journalName}); use a new --out directory or delete it`, location: { file: out } });
  }
  await mkdir(out, { recursive: true });
  const completedShards = journal ? await keptShards(out, journal.shards) : [];
  await removeLeftovers(out, completedShards);
  let rowsToSkip = completedShards.reduce((sum, shard) => sum + (shard.file.rows ?? 0), 0);

  const allShards = [...completedShards];
  const sink = createDatasetSink(out, {
    format,
    ...(options.maxRowsPerShard === undefined ? {} : { maxRowsPerShard: options.maxRowsPerShard }),
    ...(options.maxBytesPerShard === undefined ? {} : { maxBytesPerShard: options.maxBytesPerShard }),
    firstShardIndex: completedShards.length,
    ...(options.threads === undefined ? {} : { threads: Math.min(1, options.threads) }),
    ...(options.zstdLevel === undefined ? {} : { zstdLevel: options.zstdLevel }),
    onShardComplete: async (shard) => {
      allShards.push(shard);
      await writeFileAtomic(join(out, journalName), JSON.stringify({ runKey, shards: allShards } satisfies Journal));
    },
  });
  const quarantine = openQuarantineFile(join(out, quarantineName));
  const dropped: Record<string, number> = {};
  let documentsRead = 0;
  let kept = 0;

  // The stateless stages at the head of the list can run on worker threads; the rest (dedup
  // keeps state across batches) run here, on every batch in input order.
  const recipes: StageRecipe[] = [];
  for (const stage of stages) {
    const recipe = stageRecipeOf(stage);
    if (!recipe) break;
    recipes.push(recipe);
  }
  const headStages = stages.slice(0, recipes.length);
  const mainStages = stages.slice(recipes.length);
  const threads = options.threads ?? (ingestWorkerAvailable() ? defaultParserThreads() : 0);
  if (threads > 0 && !ingestWorkerAvailable()) throw new Error('the ingest worker is not built (dist/ingest-worker.js); build @oellm/dataset or pass threads: 0');
  const defaultSource = options.source ?? null;

  progress({ type: 'start', task: 'ingest', unit: 'rows', label: `ingest → ${out}` });
  let pool: IngestWorkerPool | undefined;
  // Units being processed, oldest first: results are taken in input order whatever finishes first.
  const inFlight: Array<Promise<ProcessedUnit>> = [];
  try {
    const readOptions: SourceReadOptions = {
      batchSize: options.batchSize ?? 8192,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.strict ? {} : { quarantine: quarantine.add }),
    };
    if (threads > 0) pool = await openIngestWorkerPool({ threads, recipes, defaultSource });
    const maxInFlight = pool ? 2 * threads : 0;
    const consume = async (result: ProcessedUnit): Promise<void> => {
      for (const record of result.bad) reportBadRecord(readOptions, record);
      documentsRead += result.documents;
      for (const [reason, rows] of Object.entries(result.dropped)) dropped[reason] = (dropped[reason] ?? 0) + rows;
      let current = result.batch;
      if (current === null || current.numRows === 0) return;
      for (const stage of mainStages) {
        const processed = await stage.process(current, options.signal ? { signal: options.signal } : {});
        for (const group of processed.dropped) dropped[group.reason] = (dropped[group.reason] ?? 0) + group.documents.numRows;
        current = processed.kept;
      }
      kept += current.numRows;
      if (rowsToSkip > 0) {
        // These rows are already in the shards a killed run completed.
        const skip = Math.min(rowsToSkip, current.numRows);
        rowsToSkip -= skip;
        current = skip === current.numRows ? current.slice(0, 0) : current.slice(skip);
      }
      if (current.numRows > 0) await sink.write(current);
      progress({ type: 'advance', task: 'ingest', completed: documentsRead + quarantine.count, secondary: { unit: 'bytes', completed: bytesRead } });
    };
    for await (const unit of workUnits(source.files, readOptions, { ...(options.source === undefined ? {} : { source: options.source }), onBytesRead: (bytes) => (bytesRead += bytes) })) {
      let result: Promise<ProcessedUnit>;
      if (unit.type === 'bad' || !pool || (unit.type === 'batch' && recipes.length === 0)) result = processUnit(unit, headStages, defaultSource, options.signal);
      else result = pool.process(unit);
      // Awaited in order below; this only keeps a later failure from being reported as unhandled.
      result.catch(() => {});
      inFlight.push(result);
      while (inFlight.length > maxInFlight) await consume(await inFlight.shift()!);
    }
    while (inFlight.length > 0) await consume(await inFlight.shift()!);
    for (const stage of stages) await stage.finish?.();
    await sink.close();
    await quarantine.close();
  } catch (error) {
    await sink.abort?.(error);
    await quarantine.abort();
    throw error;
  } finally {
    await pool?.close();
  }
  progress({ type: 'end', task: 'ingest' });
  if (rowsToSkip > 0) {
    throw new InputError({ code: 'resume_mismatch', message: `the completed shards hold ${rowsToSkip} more rows than this run produced; the inputs changed since the interrupted run: delete the directory and start again`, location: { file: out } });
  }

  const languages: Record<string, number> = {};
  for (const shard of allShards) for (const [code, rows] of Object.entries(shard.languages)) languages[code] = (languages[code] ?? 0) + rows;
  const outputs = allShards.map((shard) => shard.file);
  if (quarantine.count > 0) outputs.push(await describeFile(join(out, quarantineName), { relativeTo: out, role: 'quarantine', rows: quarantine.count }));
  const counts: Record<string, number> = { documents_in: documentsRead + quarantine.count, kept, quarantined: quarantine.count };
  for (const [reason, rows] of Object.entries(dropped)) counts[`dropped:${reason}`] = rows;
  for (const [reason, rows] of Object.entries(quarantine.reasons)) counts[`quarantined:${reason}`] = rows;
  const inputs = [];
  for (const file of source.files) inputs.push(await describeFile(resolve(file), { role: 'input' }));
  const manifest = createManifest({
    kind: 'dataset',
    name: options.name ?? (resolve(out).split(/[\\/]/).pop() || 'dataset'),
    producer: { name: datasetPackage.name, version: datasetPackage.version },
    startedAt,
    parameters,
    inputs,
    outputs,
    counts,
    details: {
      schema: 'oellm.document/v1',
      format,
      languages,
      shards: allShards.map((shard) => ({ path: shard.file.path ?? '', rows: shard.file.rows ?? 0, bytes: shard.file.bytes, languages: shard.languages })),
      resumed: journal !== undefined,
    },
  });
  const manifestPath = join(out, manifestName);
  await writeManifest(manifestPath, manifest);
  await rm(join(out, journalName), { force: true });
  return { documentsIn: counts['documents_in']!, kept, dropped, quarantined: quarantine.count, shards: allShards, manifestPath, resumed: journal !== undefined };
}

/** The work of reading every file, in input order: JSONL as blocks of lines (parsed later, maybe on a worker), columnar files as batches. */
async function* workUnits(files: readonly string[], readOptions: SourceReadOptions, sourceOptions: { source?: string; onBytesRead: (bytes: number) => void }): AsyncGenerator<WorkUnit> {
  for (const file of files) {
    const format = inputFormatOf(file);
    if (format === 'parquet' || format === 'arrow') {
      for await (const batch of sourceForFile(file, sourceOptions).batches(readOptions)) yield { type: 'batch', batch };
    } else {
      yield* jsonlBlocks(file, jsonlBlockOptions({ onBytesRead: sourceOptions.onBytesRead }, readOptions));
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readJournal(path: string): Promise<Journal | undefined> {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Journal;
    if (typeof value.runKey !== 'string' || !Array.isArray(value.shards)) throw new Error('missing runKey or shards');
    return value;
  } catch (error) {
    throw new InputError({ code: 'invalid_journal', message: `the resume journal is damaged (${(error as Error).message}); delete the directory and start again`, location: { file: path }, cause: error });
  }
}

/** The journal's shards that are still on disk with their recorded size, in order; stops at the first that is not. */
async function keptShards(out: string, shards: CompletedShard[]): Promise<CompletedShard[]> {
  const kept: CompletedShard[] = [];
  for (const shard of shards) {
    try {
      if ((await stat(join(out, shard.file.path ?? ''))).size !== shard.file.bytes) break;
    } catch {
      break;
    }
    kept.push(shard);
  }
  return kept;
}

/** Deletes partial files of a killed run and shards that the journal does not vouch for. */
async function removeLeftovers(out: string, kept: CompletedShard[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch {
    return;
  }
  const keep = new Set(kept.map((shard) => shard.file.path));
  for (const name of names) {
    if (isTemporaryPath(name) || (/^shard-\d+\./.test(name) && !keep.has(name)) || name === quarantineName) await rm(join(out, name), { force: true });
  }
}

/**
 * The default number of parser threads: cores − 2 (one for the main thread, one for the shard
 * writer), at most 4 (each worker holds its own V8 heap and two blocks in flight, so memory grows
 * with the count). On 2 cores this is 0: measured there, workers cost about 1.5 s of CPU per
 * 100 MB more than parsing inline.
 *
 * @example
 * ```ts
 * import { defaultParserThreads, ingestDataset } from '@oellm/dataset';
 * await ingestDataset({ inputs: ['in.jsonl.zst'], out: 'out', threads: defaultParserThreads() });
 * ```
 */
export function defaultParserThreads(): number {
  return Math.max(0, Math.min(4, availableParallelism() - 2));
}
