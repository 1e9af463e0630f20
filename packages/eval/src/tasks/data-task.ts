import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { getLanguage, InputError, type LanguageModelV1, type SampleResult, type TaskRunOptions, type TaskV1 } from '@oellm/core';
import { parse as parseYaml } from 'yaml';
import { scoreMultipleChoice } from '../metrics/harness-metrics.js';
import { countRegexWords } from '../metrics/python-text.js';
import { getMetric } from './metric-registry.js';
import { createPythonRandom } from './python-random.js';
import { readJsonLines } from './read-json-lines.js';
import { renderTemplate, resolveField, type TemplateLocation } from './template.js';
import { validateTaskDefinition, type TaskDefinition } from './task-definition.js';

const metricsByOutputType: Record<TaskDefinition['output_type'], readonly string[]> = {
  multiple_choice: ['acc', 'acc_norm'],
  generate_until: ['bleu', 'chrf', 'chrf++'],
  loglikelihood_rolling: ['bits_per_byte', 'byte_perplexity', 'word_perplexity'],
};

/** Options of {@link createDataTask}. */
export interface DataTaskOptions {
  /** Directory that relative `dataset.path` and `fewshot.path` are resolved against. Default: the working directory. */
  baseDirectory?: string;
  /** The task file, for error messages. */
  file?: string;
  /**
   * Reads the documents at a path; default reads JSONL. Pass a reader built on any core
   * DocumentSource (for example @oellm/dataset's Parquet reader) to take other formats.
   */
  readDocuments?: (path: string) => Promise<Record<string, unknown>[]>;
}

interface PreparedDocument {
  id: string;
  document: Record<string, unknown>;
}

/**
 * Builds a task from a definition (JSON/YAML data, lm-evaluation-harness fields): multiple choice by
 * log-likelihood (acc, acc_norm), generation scored with BLEU/chrF/chrF++, or rolling likelihood.
 *
 * @example
 * ```ts
 * import { createDataTask } from '@oellm/eval';
 * const task = createDataTask({
 *   name: 'capitals', output_type: 'multiple_choice', languages: ['en'], dataset: { path: 'capitals-{language}.jsonl' },
 *   doc_to_text: 'The capital of {{country}} is', doc_to_choice: 'choices', doc_to_target: 'answer', metrics: ['acc'],
 * });
 * ```
 */
export function createDataTask(input: TaskDefinition | unknown, options: DataTaskOptions = {}): TaskV1 {
  const definition = validateTaskDefinition(input, options.file);
  const file = options.file;
  for (const metric of definition.metrics) {
    getMetric(metric);
    if (!metricsByOutputType[definition.output_type].includes(metric)) {
      throw new InputError({
        code: 'invalid_task',
        message: `metric "${metric}" does not apply to ${definition.output_type}; use ${metricsByOutputType[definition.output_type].join(', ')}`,
        location: { file, field: 'metrics' },
      });
    }
  }
  const languages = definition.languages.map((language) => {
    try {
      return getLanguage(language).code;
    } catch (cause) {
      throw new InputError({ code: 'invalid_task', message: `unknown language "${language}"`, location: { file, field: 'languages' }, cause });
    }
  });
  const baseDirectory = options.baseDirectory ?? process.cwd();
  const readDocuments = options.readDocuments ?? readJsonLines;
  const targetDelimiter = definition.target_delimiter ?? ' ';
  const fewshotDelimiter = definition.fewshot_delimiter ?? '\n\n';
  const location = (field: string, documentId?: string): TemplateLocation => ({ file, field, documentId });

  async function load(pathTemplate: string, language: string, prefix: string): Promise<PreparedDocument[]> {
    const path = resolve(baseDirectory, pathTemplate.replaceAll('{language}', language));
    const documents = await readDocuments(path);
    return documents.map((document, index) => {
      const idValue = definition.id_field ? document[definition.id_field] : undefined;
      return { id: `${prefix}-${language}-${idValue === undefined ? index + 1 : String(idValue)}`, document };
    });
  }

  function text(prepared: PreparedDocument): string {
    return renderTemplate(definition.doc_to_text!, prepared.document, location('doc_to_text', prepared.id));
  }

  function choices(prepared: PreparedDocument): string[] {
    const specification = definition.doc_to_choice!;
    const value = Array.isArray(specification)
      ? specification.map((template) => renderTemplate(template, prepared.document, location('doc_to_choice', prepared.id)))
      : resolveField(specification, prepared.document, location('doc_to_choice', prepared.id));
    if (!Array.isArray(value) || value.length < 2 || value.some((choice) => typeof choice !== 'string' && typeof choice !== 'number')) {
      throw new InputError({
        code: 'template_error',
        message: `"doc_to_choice" must give a list of at least two texts (document ${prepared.id}); fix the task's "doc_to_choice"`,
        location: { file, field: 'doc_to_choice' },
      });
    }
    return value.map(String);
  }

  function target(prepared: PreparedDocument): unknown {
    return resolveField(definition.doc_to_target!, prepared.document, location('doc_to_target', prepared.id));
  }

  function targetIndex(prepared: PreparedDocument, choiceList: readonly string[]): number {
    const value = target(prepared);
    const index = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) && !choiceList.includes(value) ? Number(value) : choiceList.indexOf(String(value));
    if (!Number.isInteger(index) || index < 0 || index >= choiceList.length) {
      throw new InputError({
        code: 'template_error',
        message: `"doc_to_target" gives ${JSON.stringify(value)}, which is neither a choice index below ${choiceList.length} nor one of the choices (document ${prepared.id}); fix the task's "doc_to_target"`,
        location: { file, field: 'doc_to_target' },
      });
    }
    return index;
  }

  function targetText(prepared: PreparedDocument): string {
    const value = target(prepared);
    if (Array.isArray(value) && value.length > 0) return String(value[0]);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new InputError({ code: 'template_error', message: `"doc_to_target" must give text (document ${prepared.id})`, location: { file, field: 'doc_to_target' } });
    }
    return String(value);
  }

  /** Translation references: a list from `doc_to_target` gives several references (BLEU clips by the best). */
  function targetReferences(prepared: PreparedDocument): string[] {
    const value = target(prepared);
    if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return value as string[];
    return [targetText(prepared)];
  }

  function shot(example: PreparedDocument): string {
    const answer = definition.output_type === 'multiple_choice' ? choices(example)[targetIndex(example, choices(example))]! : targetText(example);
    return text(example) + targetDelimiter + answer + fewshotDelimiter;
  }

  /**
   * The description and few-shot examples to put before each document, chosen as
   * lm-evaluation-harness's ContextSampler.get_context does (lm_eval/api/samplers.py): one
   * `random.Random(seed)` per task and language, drawn from in document order; `count + 1` examples
   * when the few-shot split is the evaluated split, then the document itself is dropped.
   */
  async function createFewshotContext(language: string): Promise<(current: PreparedDocument) => string> {
    const description = definition.description ?? '';
    const fewshot = definition.fewshot;
    if (!fewshot || fewshot.count === 0) return () => description;
    const examples = await load(fewshot.path, language, `${definition.name}-fewshot`);
    const sameSplit = resolve(baseDirectory, fewshot.path.replaceAll('{language}', language)) === resolve(baseDirectory, definition.dataset.path.replaceAll('{language}', language));
    const draws = sameSplit ? fewshot.count + 1 : fewshot.count;
    if (draws > examples.length) {
      throw new InputError({
        code: 'invalid_task',
        message: `${draws} few-shot examples are needed but ${fewshot.path.replaceAll('{language}', language)} has ${examples.length} documents; lower "fewshot.count" or add examples`,
        location: { file, field: 'fewshot.count' },
      });
    }
    const random = createPythonRandom(fewshot.seed ?? 1234);
    return (current) => {
      const drawn = fewshot.sampler === 'first_n' ? examples.slice(0, draws) : random.sample(examples, draws);
      const selected = drawn.filter((example) => !isDeepStrictEqual(example.document, current.document)).slice(0, fewshot.count);
      return description + selected.map(shot).join('');
    };
  }

  return {
    specificationVersion: 'v1',
    name: definition.name,
    version: definition.version ?? '0',
    languages,
    metrics: definition.metrics,
    async evaluate(model: LanguageModelV1, run: TaskRunOptions): Promise<SampleResult[]> {
      let documents = await load(definition.dataset.path, run.language, definition.name);
      if (run.limit !== undefined) documents = documents.slice(0, run.limit);
      const fewshotContext = await createFewshotContext(run.language);
      // Drawn in document order, once each, so prompts match lm-evaluation-harness's for the same seed.
      const prefixes = new Map(documents.map((document) => [document, fewshotContext(document)]));
      const prefix = (document: PreparedDocument) => prefixes.get(document)!;
      const wanted = new Set(definition.metrics);
      const samples: SampleResult[] = [];
      const emit = (sample: SampleResult) => {
        samples.push(sample);
        run.onSample?.(sample);
      };

      if (definition.output_type === 'multiple_choice') {
        const prepared = documents.map((document) => {
          const choiceList = choices(document);
          return { document, prompt: prefix(document) + text(document), choiceList, gold: targetIndex(document, choiceList) };
        });
        const requests = prepared.flatMap(({ prompt, choiceList }) => choiceList.map((choice) => ({ context: prompt, continuation: targetDelimiter + choice })));
        const results = await model.loglikelihood(requests, { signal: run.signal });
        let offset = 0;
        for (const item of prepared) {
          const slice = results.slice(offset, offset + item.choiceList.length);
          offset += item.choiceList.length;
          const logLikelihoods = slice.map((result) => result.logLikelihood);
          const score = scoreMultipleChoice(logLikelihoods, item.choiceList, item.gold);
          const values: Record<string, unknown> = {};
          if (wanted.has('acc')) values.acc = score.acc;
          if (wanted.has('acc_norm')) values.acc_norm = score.acc_norm;
          emit({ documentId: item.document.id, language: run.language, values, record: { prompt: item.prompt, choices: item.choiceList, gold: item.gold, logLikelihoods, prediction: score.prediction } });
        }
      } else if (definition.output_type === 'generate_until') {
        const until = definition.generation?.until ?? ['\n\n'];
        const maxTokens = definition.generation?.max_tokens ?? 256;
        const prepared = documents.map((document) => ({ document, prompt: prefix(document) + text(document), references: targetReferences(document) }));
        const outputs = await model.generate(prepared.map(({ prompt }) => ({ context: prompt, until, maxTokens })), { signal: run.signal });
        prepared.forEach((item, index) => {
          const hypothesis = outputs[index]!;
          const values: Record<string, unknown> = {};
          for (const metric of wanted) values[metric] = { hypothesis, references: item.references };
          emit({ documentId: item.document.id, language: run.language, values, record: { prompt: item.prompt, response: hypothesis, reference: item.references[0]!, references: item.references } });
        });
      } else {
        const texts = documents.map((document) => (definition.doc_to_text !== undefined ? text(document) : targetText(document)));
        const results = await model.loglikelihoodRolling(texts.map((value) => ({ text: value })), { signal: run.signal });
        documents.forEach((document, index) => {
          const { logLikelihood, tokenCount } = results[index]!;
          const bytes = Buffer.byteLength(texts[index]!, 'utf8');
          const words = countRegexWords(texts[index]!);
          const all: Record<string, unknown> = { bits_per_byte: [logLikelihood, bytes], byte_perplexity: [logLikelihood, bytes], word_perplexity: [logLikelihood, words] };
          const values = Object.fromEntries(Object.entries(all).filter(([name]) => wanted.has(name)));
          emit({ documentId: document.id, language: run.language, values, record: { text: texts[index]!, logLikelihood, tokens: tokenCount, bytes, words } });
        });
      }
      return samples;
    },
  };
}

/**
 * Reads a task file (`.json`, `.yaml` or `.yml`) and builds the task; relative data paths resolve
 * against the file's directory.
 *
 * @example
 * ```ts
 * import { loadTaskFile } from '@oellm/eval';
 * const task = await loadTaskFile('tasks/belebele-mini.yaml');
 * ```
 */
export async function loadTaskFile(path: string, options: Omit<DataTaskOptions, 'file' | 'baseDirectory'> = {}): Promise<TaskV1> {
  const content = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new InputError({ code: 'missing_file', message: 'cannot read the task file', location: { file: path }, cause });
  });
  let value: unknown;
  try {
    value = extname(path) === '.json' ? JSON.parse(content) : parseYaml(content);
  } catch (cause) {
    throw new InputError({ code: 'invalid_task', message: `is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'} (${cause instanceof Error ? cause.message : String(cause)})`, location: { file: path }, cause });
  }
  return createDataTask(value, { ...options, file: path, baseDirectory: dirname(resolve(path)) });
}
