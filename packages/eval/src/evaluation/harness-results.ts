import type { EvaluationResult, JsonObject, TaskV1 } from '@oellm/core';
import { getMetric } from '../tasks/metric-registry.js';

/**
 * Results in lm-evaluation-harness's JSON layout: `results["<task>_<language>"]["acc,none"]` and
 * `"acc_stderr,none"` (`"N/A"` without one), plus `configs`, `versions`, `n-shot`,
 * `higher_is_better`, `n-samples` and `task_hashes`. Nothing time-dependent, so identical inputs
 * give identical bytes; times go to the manifest.
 *
 * @example
 * ```ts
 * const layout = toHarnessResults(rows, tasks, { model: 'stories260K.gguf', modelId, limit: 10 }, hashes);
 * layout.results['udhr-likelihood_mt']['bits_per_byte,none'];
 * ```
 */
export function toHarnessResults(
  rows: readonly EvaluationResult[],
  tasks: readonly TaskV1[],
  config: { model: string; modelId: string; limit?: number; batchSize?: number },
  taskHashes: Record<string, string>,
): JsonObject {
  const results: JsonObject = {};
  const configs: JsonObject = {};
  const versions: JsonObject = {};
  const shots: JsonObject = {};
  const higherIsBetter: JsonObject = {};
  const samples: JsonObject = {};
  const taskByName = new Map(tasks.map((task) => [task.name, task]));
  for (const row of rows) {
    const key = `${row.task}_${row.language}`;
    const entry = (results[key] ??= { alias: `${row.task} (${row.language})`, task: row.task, language: row.language }) as JsonObject;
    entry[`${row.metric},none`] = Number.isFinite(row.value) ? row.value : null;
    entry[`${row.metric}_stderr,none`] = row.standardError ?? 'N/A';
    const task = taskByName.get(row.task);
    versions[key] = task?.version ?? null;
    shots[key] = 0;
    configs[key] ??= { task: key, group: row.task, language: row.language, metric_list: (task?.metrics ?? []).map((metric) => ({ metric, aggregation: metric, higher_is_better: getMetric(metric).higherIsBetter })) };
    const better = (higherIsBetter[key] ??= {}) as JsonObject;
    better[row.metric] = getMetric(row.metric).higherIsBetter;
    samples[key] = { original: row.samples, effective: row.samples };
  }
  return {
    results,
    configs,
    versions,
    'n-shot': shots,
    higher_is_better: higherIsBetter,
    'n-samples': samples,
    config: { model: 'oellm', model_args: config.model, model_id: config.modelId, batch_size: config.batchSize ?? null, limit: config.limit ?? null, bootstrap_iters: 1000 },
    task_hashes: taskHashes,
  };
}
