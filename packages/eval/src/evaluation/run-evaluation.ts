import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  createManifest,
  describeFile,
  InputError,
  sha256Hex,
  writeFileAtomic,
  writeManifest,
  type EvaluationResult,
  type JsonObject,
  type LanguageModelV1,
  type ProgressListener,
  type SampleResult,
  type TaskV1,
} from '@oellm/core';
import { evalPackage } from '../package-version.js';
import { aggregateSamples } from './aggregate-samples.js';
import { createCachedModel, type CacheStatistics } from './cached-model.js';
import { toHarnessResults } from './harness-results.js';
import { formatLanguageTable } from './language-table.js';

/** Options of {@link runEvaluation}. */
export interface RunEvaluationOptions {
  model: LanguageModelV1;
  /** A label for the model in results (its file name or URL). Default the model id. */
  modelName?: string;
  tasks: readonly TaskV1[];
  /** Registry codes; default every language each task has. Languages a task lacks are skipped. */
  languages?: readonly string[];
  /** Documents per task and language. */
  limit?: number;
  /** Writes results.json, samples/*.jsonl, table.txt, the request cache and manifest.json here. */
  outputDirectory?: string;
  batchSize?: number;
  progress?: ProgressListener;
  signal?: AbortSignal;
}

/** What {@link runEvaluation} returns. */
export interface EvaluationReport {
  results: EvaluationResult[];
  /** lm-evaluation-harness layout, as written to results.json. */
  harness: JsonObject;
  /** The per-language table, as written to table.txt. */
  table: string;
  cache?: CacheStatistics;
}

/**
 * Runs tasks on a model per language and aggregates every metric with its standard error. With an
 * output directory, requests are cached (keyed by model + request) so an interrupted run resumes,
 * and results are written atomically with a manifest.
 *
 * @example
 * ```ts
 * import { createLlamaCppModel, createUdhrTask, runEvaluation } from '@oellm/eval';
 * const model = await createLlamaCppModel({ modelPath: 'model.gguf' });
 * const report = await runEvaluation({ model, tasks: [createUdhrTask()], languages: ['mt', 'ga'], limit: 5, outputDirectory: 'out/eval' });
 * console.log(report.table);
 * ```
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationReport> {
  const startedAt = Date.now();
  const output = options.outputDirectory;
  const names = new Set<string>();
  for (const task of options.tasks) {
    if (names.has(task.name)) throw new InputError({ code: 'duplicate_task', message: `task "${task.name}" is listed twice` });
    names.add(task.name);
  }
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new InputError({ code: 'invalid_option', message: `limit must be a positive integer, got ${options.limit}`, location: { field: 'limit' } });
  }
  let model: LanguageModelV1 = options.model;
  let cache: CacheStatistics | undefined;
  if (output) {
    await mkdir(join(output, 'samples'), { recursive: true });
    const cached = await createCachedModel(options.model, join(output, 'cache', `${sha256Hex(options.model.modelId).slice(0, 16)}.jsonl`), { progress: options.progress });
    cache = cached.statistics;
    model = cached;
  }
  const results: EvaluationResult[] = [];
  const taskHashes: Record<string, string> = {};
  const sampleFiles: string[] = [];
  for (const task of options.tasks) {
    const languages = options.languages ? options.languages.filter((language) => task.languages.includes(language)) : task.languages;
    for (const language of languages) {
      options.signal?.throwIfAborted();
      options.progress?.({ type: 'message', level: 'info', message: `${task.name} ${language}` });
      const samples: SampleResult[] = await task.evaluate(model, { language, limit: options.limit, signal: options.signal });
      const key = `${task.name}_${language}`;
      const lines = samples.map((sample) => JSON.stringify(sample)).join('\n');
      // Like lm-eval's task hash: identifies the exact documents and prompts evaluated.
      taskHashes[key] = sha256Hex(JSON.stringify([task.name, task.version, samples.map((sample) => [sample.documentId, sample.record.prompt ?? sample.record.text ?? null])]));
      results.push(...aggregateSamples(task.name, language, task.metrics, samples));
      if (output) {
        const file = join(output, 'samples', `${key}.jsonl`);
        await writeFileAtomic(file, lines === '' ? '' : `${lines}\n`);
        sampleFiles.push(file);
      }
    }
  }
  const modelName = options.modelName ?? options.model.modelId;
  const harness = toHarnessResults(results, options.tasks, { model: modelName, modelId: options.model.modelId, limit: options.limit, batchSize: options.batchSize }, taskHashes);
  const table = formatLanguageTable(results);
  if (output) {
    const resultsFile = join(output, 'results.json');
    const tableFile = join(output, 'table.txt');
    await writeFileAtomic(resultsFile, `${JSON.stringify(harness, null, 2)}\n`);
    await writeFileAtomic(tableFile, `${table}\n`);
    const outputs = await Promise.all([resultsFile, tableFile, ...sampleFiles].map((file) => describeFile(file, { relativeTo: output })));
    const manifest = createManifest({
      kind: 'evaluation',
      name: `${basename(modelName)} on ${options.tasks.map((task) => task.name).join(', ')}`,
      producer: evalPackage,
      startedAt,
      parameters: { model: modelName, modelId: options.model.modelId, tasks: options.tasks.map((task) => task.name), languages: options.languages ? [...options.languages] : null, limit: options.limit ?? null },
      outputs,
      counts: { results: results.length, cacheHits: cache?.hits ?? 0, cacheMisses: cache?.misses ?? 0 },
    });
    await writeManifest(join(output, 'manifest.json'), manifest);
  }
  return { results, harness, table, cache };
}
