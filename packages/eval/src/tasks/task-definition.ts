import { InputError } from '@oellm/core';

/** What a data task does with the model (lm-evaluation-harness `output_type`). */
export type TaskOutputType = 'multiple_choice' | 'generate_until' | 'loglikelihood_rolling';

/**
 * A task as a partner writes it in JSON or YAML, without code (lm-evaluation-harness field names).
 * `{language}` in paths is replaced by the registry code.
 */
export interface TaskDefinition {
  name: string;
  version?: string;
  output_type: TaskOutputType;
  languages: string[];
  dataset: { path: string };
  /**
   * Few-shot examples, as lm-evaluation-harness's `fewshot_split` / `num_fewshot` /
   * `fewshot_config`: `sampler: default` (the default) draws a seeded random sample for each
   * document (`random.Random(seed).sample`, seed 1234 as lm-eval's `fewshot_random_seed`), leaving
   * out the document itself; `sampler: first_n` takes the split's first documents.
   */
  fewshot?: { path: string; count: number; sampler?: 'default' | 'first_n'; seed?: number };
  description?: string;
  doc_to_text?: string;
  doc_to_choice?: string | string[];
  doc_to_target?: string;
  target_delimiter?: string;
  fewshot_delimiter?: string;
  metrics: string[];
  generation?: { until?: string[]; max_tokens?: number };
  id_field?: string;
}

const outputTypes: readonly TaskOutputType[] = ['multiple_choice', 'generate_until', 'loglikelihood_rolling'];

function problem(file: string | undefined, field: string, message: string): never {
  throw new InputError({ code: 'invalid_task', message, location: { file, field } });
}

function requireString(value: unknown, file: string | undefined, field: string): string {
  if (typeof value !== 'string' || value === '') problem(file, field, `"${field}" must be a non-empty string`);
  return value;
}

function requireStringList(value: unknown, file: string | undefined, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string')) problem(file, field, `"${field}" must be a non-empty list of strings`);
  return value as string[];
}

/**
 * Checks a parsed task file field by field; every problem is an InputError naming the file and field.
 *
 * @example
 * ```ts
 * const definition = validateTaskDefinition(JSON.parse(text), 'tasks/belebele.json');
 * ```
 */
export function validateTaskDefinition(value: unknown, file?: string): TaskDefinition {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) problem(file, 'task', 'a task file must hold one object');
  const raw = value as Record<string, unknown>;
  const name = requireString(raw.name, file, 'name');
  if (!/^[a-z0-9][a-z0-9_.+-]*$/i.test(name)) problem(file, 'name', `"name" may hold letters, digits, "-", "_", "." and "+", got "${name}"`);
  const outputType = raw.output_type;
  if (!outputTypes.includes(outputType as TaskOutputType)) problem(file, 'output_type', `"output_type" must be one of ${outputTypes.join(', ')}`);
  const languages = requireStringList(raw.languages, file, 'languages');
  const dataset = raw.dataset as Record<string, unknown> | undefined;
  if (!dataset || typeof dataset !== 'object') problem(file, 'dataset', '"dataset" must be an object with a "path"');
  requireString(dataset.path, file, 'dataset.path');
  const metrics = requireStringList(raw.metrics, file, 'metrics');
  if (outputType !== 'loglikelihood_rolling' && raw.doc_to_text === undefined) problem(file, 'doc_to_text', `"doc_to_text" is required for ${String(outputType)}`);
  if (raw.doc_to_text !== undefined) requireString(raw.doc_to_text, file, 'doc_to_text');
  if (outputType === 'multiple_choice') {
    if (typeof raw.doc_to_choice !== 'string' && !Array.isArray(raw.doc_to_choice)) problem(file, 'doc_to_choice', '"doc_to_choice" (a field name, a template or a list of templates) is required for multiple_choice');
  }
  if (outputType !== 'loglikelihood_rolling' || raw.doc_to_text === undefined) requireString(raw.doc_to_target, file, 'doc_to_target');
  if (raw.fewshot !== undefined) {
    const fewshot = raw.fewshot as Record<string, unknown>;
    requireString(fewshot?.path, file, 'fewshot.path');
    if (!Number.isInteger(fewshot.count) || (fewshot.count as number) < 0 || (fewshot.count as number) > 1000) problem(file, 'fewshot.count', '"fewshot.count" must be an integer within 0..1000');
    if (fewshot.sampler !== undefined && fewshot.sampler !== 'default' && fewshot.sampler !== 'first_n') problem(file, 'fewshot.sampler', '"fewshot.sampler" must be "default" (seeded random sample) or "first_n"');
    if (fewshot.seed !== undefined && !Number.isSafeInteger(fewshot.seed)) problem(file, 'fewshot.seed', '"fewshot.seed" must be an integer');
  }
  for (const field of ['version', 'description', 'target_delimiter', 'fewshot_delimiter', 'id_field'] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== 'string') problem(file, field, `"${field}" must be a string`);
  }
  if (raw.generation !== undefined) {
    const generation = raw.generation as Record<string, unknown>;
    if (generation.until !== undefined && (!Array.isArray(generation.until) || generation.until.some((item) => typeof item !== 'string'))) problem(file, 'generation.until', '"generation.until" must be a list of strings');
    if (generation.max_tokens !== undefined && (!Number.isInteger(generation.max_tokens) || (generation.max_tokens as number) < 1)) problem(file, 'generation.max_tokens', '"generation.max_tokens" must be a positive integer');
  }
  return { ...(raw as unknown as TaskDefinition), name, languages, metrics };
}
