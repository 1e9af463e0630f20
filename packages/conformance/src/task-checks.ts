import { findLanguage, type LanguageModelV1, type SampleResult, type TaskV1 } from '@oellm/core';
import { requireThat, type ConformanceCheck } from './conformance-check.js';

/**
 * Options of {@link taskChecks}.
 *
 * @example
 * ```ts
 * import type { TaskCheckOptions } from '@oellm/conformance';
 * const options: TaskCheckOptions = { model: myModel, language: 'mt', limit: 3 };
 * ```
 */
export interface TaskCheckOptions {
  /** The model the task runs on in the checks (a small real one, or a scripted stand-in). */
  model: LanguageModelV1;
  /** Language to evaluate; default the task's first. */
  language?: string;
  /** Documents per run; default 3. */
  limit?: number;
}

function comparable(samples: readonly SampleResult[]): string {
  return JSON.stringify(samples.map((sample) => [sample.documentId, sample.language, sample.values]));
}

/**
 * The checks every `Task` must pass: a versioned name, registry languages, samples that carry every
 * declared metric with unique document ids, `limit` and `onSample` honoured, deterministic results.
 *
 * @example
 * ```ts
 * import { runConformanceChecks, taskChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(taskChecks(() => createMyTask(), { model }));
 * ```
 */
export function taskChecks(createTask: () => TaskV1 | Promise<TaskV1>, options: TaskCheckOptions): ConformanceCheck[] {
  const limit = options.limit ?? 3;
  const languageOf = (task: TaskV1) => options.language ?? task.languages[0]!;
  return [
    {
      name: 'declares specificationVersion "v1", a name, a version, registry languages and metrics',
      async run() {
        const task = await createTask();
        requireThat(task.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: task.specificationVersion });
        requireThat(typeof task.name === 'string' && /^[a-z0-9][a-z0-9_.+-]*$/i.test(task.name), 'name must be a non-empty identifier (letters, digits, - _ . +)', { got: task.name });
        requireThat(typeof task.version === 'string' && task.version.length > 0, 'version must be a non-empty string', { got: task.version });
        requireThat(Array.isArray(task.languages) && task.languages.length > 0, 'languages must be a non-empty list', { got: task.languages });
        for (const code of task.languages) requireThat(findLanguage(code)?.code === code, 'languages must be registry codes', { got: code });
        requireThat(Array.isArray(task.metrics) && task.metrics.length > 0, 'metrics must be a non-empty list of metric names', { got: task.metrics });
      },
    },
    {
      name: 'returns samples in the run language with unique ids, each carrying every declared metric',
      async run() {
        const task = await createTask();
        const language = languageOf(task);
        const samples = await task.evaluate(options.model, { language, limit });
        requireThat(Array.isArray(samples) && samples.length > 0, 'evaluate must return samples', { got: samples?.length });
        const ids = new Set<string>();
        for (const sample of samples) {
          requireThat(sample.language === language, 'every sample must carry the run language', { expected: language, got: sample.language });
          requireThat(typeof sample.documentId === 'string' && !ids.has(sample.documentId), 'document ids must be unique strings', { got: sample.documentId });
          ids.add(sample.documentId);
          for (const metric of task.metrics) requireThat(sample.values[metric] !== undefined, 'every sample must carry a value for each declared metric', { metric, sample: sample.documentId });
          requireThat(sample.record !== null && typeof sample.record === 'object', 'record must be an object a human can read', { sample: sample.documentId });
          JSON.stringify(sample);
        }
      },
    },
    {
      name: 'honours limit and reports every sample through onSample',
      async run() {
        const task = await createTask();
        const seen: string[] = [];
        const samples = await task.evaluate(options.model, { language: languageOf(task), limit: 1, onSample: (sample) => seen.push(sample.documentId) });
        requireThat(samples.length === 1, 'limit 1 must evaluate one document', { got: samples.length });
        requireThat(seen.length === samples.length && seen[0] === samples[0]!.documentId, 'onSample must be called once per returned sample', { seen, returned: samples.map((sample) => sample.documentId) });
      },
    },
    {
      name: 'gives identical samples on a second run (deterministic prompts and scores)',
      async run() {
        const task = await createTask();
        const first = await task.evaluate(options.model, { language: languageOf(task), limit });
        const second = await task.evaluate(options.model, { language: languageOf(task), limit });
        requireThat(comparable(first) === comparable(second), 'two runs must give the same ids and values');
      },
    },
  ];
}
