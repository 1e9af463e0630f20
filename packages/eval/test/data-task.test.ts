import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@oellm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBleu, createChrf, createDataTask, loadTaskFile } from '../src/index.js';
import { createScriptedModel } from './support/scripted-model.js';

let directory: string;
const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'oellm-eval-tasks-'));
  await writeFile(
    join(directory, 'quiz-mt.jsonl'),
    jsonl([
      { id: 'a', question: 'X?', choices: ['✓ yes', 'no'], answer: 0 },
      { id: 'b', question: 'Y?', choices: ['nope', 'a ✓ right answer here'], answer: 1 },
      { id: 'c', question: 'Z?', choices: ['✓', 'wrong'], answer: 'wrong' },
    ]),
  );
  await writeFile(join(directory, 'shots-mt.jsonl'), jsonl([{ id: 's', question: 'S?', choices: ['p', 'q'], answer: 1 }]));
  await writeFile(
    join(directory, 'translate-mt.jsonl'),
    jsonl([
      { source: 'The dog bit the man.', target: 'The dog bit the man.' },
      { source: "It wasn't surprising.", target: 'It was not unexpected.' },
    ]),
  );
  await writeFile(join(directory, 'bad.jsonl'), '{"id": 1}\n{not json\n');
  await writeFile(
    join(directory, 'quiz.yaml'),
    [
      'name: quiz',
      'version: "2"',
      'output_type: multiple_choice',
      'languages: [mt]',
      'dataset: { path: "quiz-{language}.jsonl" }',
      'fewshot: { path: "shots-{language}.jsonl", count: 1 }',
      'doc_to_text: "Q: {{question}}\\nA:"',
      'doc_to_choice: choices',
      'doc_to_target: answer',
      'metrics: [acc, acc_norm]',
      'id_field: id',
    ].join('\n'),
  );
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

// lm-evaluation-harness's few-shot selection, computed by CPython with ContextSampler's own lines
// (fixtures/python-random.py): documents {id: 0..11}, a separate split {id: 100..106}.
const fewshotFixture = (JSON.parse(readFileSync(new URL('./fixtures/python-random.json', import.meta.url), 'utf8')) as { fewshot: { case: string; count: number; ids: number[][] }[] }).fewshot;

describe('few-shot examples as lm-evaluation-harness samples them', () => {
  const question = (id: number) => ({ id, question: `q${id}`, choices: ['x', 'y'], answer: 0 });
  const definition = (fewshot: Record<string, unknown>) => ({
    name: 'shots',
    output_type: 'multiple_choice',
    languages: ['mt'],
    dataset: { path: 'sampled-{language}.jsonl' },
    fewshot,
    doc_to_text: '{{question}}',
    doc_to_choice: 'choices',
    doc_to_target: 'answer',
    metrics: ['acc'],
  });
  const shotIds = (prompt: unknown) => [...String(prompt).matchAll(/q(\d+) x\n\n/g)].map((match) => Number(match[1]));

  beforeAll(async () => {
    await writeFile(join(directory, 'sampled-mt.jsonl'), jsonl(Array.from({ length: 12 }, (_, index) => question(index))));
    await writeFile(join(directory, 'sampled-dev-mt.jsonl'), jsonl(Array.from({ length: 7 }, (_, index) => question(100 + index))));
  });

  it('draws count + 1 from the evaluated split with random.Random(1234) and drops the document itself', async () => {
    const expected = fewshotFixture.find((entry) => entry.case === 'same split')!;
    const task = createDataTask(definition({ path: 'sampled-{language}.jsonl', count: expected.count }), { baseDirectory: directory });
    const samples = await task.evaluate(createScriptedModel(), { language: 'mt' });
    expect(samples.map((sample) => shotIds(sample.record.prompt))).toEqual(expected.ids);
    expect(samples[0]!.record.prompt).toMatch(/q0$/);
  });

  it('draws count from a separate few-shot split, one generator for all documents in order', async () => {
    const expected = fewshotFixture.find((entry) => entry.case === 'separate split')!;
    const task = createDataTask(definition({ path: 'sampled-dev-{language}.jsonl', count: expected.count }), { baseDirectory: directory });
    const samples = await task.evaluate(createScriptedModel(), { language: 'mt' });
    expect(samples.map((sample) => shotIds(sample.record.prompt))).toEqual(expected.ids);
    // With a limit, the first documents get the same examples as without.
    const limited = await task.evaluate(createScriptedModel(), { language: 'mt', limit: 4 });
    expect(limited.map((sample) => shotIds(sample.record.prompt))).toEqual(expected.ids.slice(0, 4));
  });

  it('takes the first examples with sampler first_n, skipping the document itself', async () => {
    const task = createDataTask(definition({ path: 'sampled-{language}.jsonl', count: 2, sampler: 'first_n' }), { baseDirectory: directory });
    const samples = await task.evaluate(createScriptedModel(), { language: 'mt', limit: 3 });
    expect(samples.map((sample) => shotIds(sample.record.prompt))).toEqual([[1, 2], [0, 2], [0, 1]]);
  });

  it('names the file when the few-shot split is too small, and rejects an unknown sampler', async () => {
    const task = createDataTask(definition({ path: 'sampled-dev-{language}.jsonl', count: 8 }), { baseDirectory: directory, file: 'shots.yaml' });
    await expect(task.evaluate(createScriptedModel(), { language: 'mt' })).rejects.toThrow(/8 few-shot examples are needed but sampled-dev-mt\.jsonl has 7 documents/);
    expect(() => createDataTask(definition({ path: 'a', count: 1, sampler: 'balanced' }))).toThrow(/"fewshot.sampler" must be "default"/);
  });
});

describe('data tasks from JSON/YAML', () => {
  it('runs multiple choice from a YAML file with few-shot examples', async () => {
    const task = await loadTaskFile(join(directory, 'quiz.yaml'));
    expect(task).toMatchObject({ name: 'quiz', version: '2', languages: ['mt'], metrics: ['acc', 'acc_norm'] });
    const model = createScriptedModel();
    const samples = await task.evaluate(model, { language: 'mt' });
    expect(samples.map((sample) => sample.documentId)).toEqual(['quiz-mt-a', 'quiz-mt-b', 'quiz-mt-c']);
    // a: "✓ yes" wins both ways; b: raw argmax picks the short "nope", length-normalised the long ✓ one; c: gold is "wrong".
    expect(samples.map((sample) => sample.values)).toEqual([
      { acc: 1, acc_norm: 1 },
      { acc: 0, acc_norm: 1 },
      { acc: 0, acc_norm: 0 },
    ]);
    expect(samples[0]!.record.prompt).toBe('Q: S?\nA: q\n\nQ: X?\nA:');
    expect(model.calls.loglikelihood).toBe(1); // one batch for the whole language
  });

  it('names the field and the document on a template error', async () => {
    const task = createDataTask(
      { name: 'broken', output_type: 'multiple_choice', languages: ['mt'], dataset: { path: 'quiz-{language}.jsonl' }, doc_to_text: '{{question}} {{passage}}', doc_to_choice: 'choices', doc_to_target: 'answer', metrics: ['acc'], id_field: 'id' },
      { baseDirectory: directory, file: 'broken.yaml' },
    );
    const error = await task.evaluate(createScriptedModel(), { language: 'mt' }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('broken.yaml (doc_to_text): the document has no field "passage" (document broken-mt-a); fix the task\'s "doc_to_text"');
  });

  it('names the missing field of a task definition', () => {
    expect(() => createDataTask({ name: 'x', output_type: 'multiple_choice', languages: ['mt'], dataset: { path: 'a' }, metrics: ['acc'] }, { file: 'x.json' })).toThrow(
      'x.json (doc_to_text): "doc_to_text" is required for multiple_choice',
    );
    expect(() => createDataTask({ name: 'x', output_type: 'ranking', languages: ['mt'], dataset: { path: 'a' }, metrics: ['acc'] })).toThrow(/"output_type" must be one of/);
    expect(() =>
      createDataTask({ name: 'x', output_type: 'multiple_choice', languages: ['mt'], dataset: { path: 'a' }, doc_to_text: 't', doc_to_choice: 'c', doc_to_target: 'a', metrics: ['bleu'] }),
    ).toThrow(/metric "bleu" does not apply to multiple_choice/);
  });

  it('names the file and line of a broken JSONL document', async () => {
    const task = createDataTask(
      { name: 'bad', output_type: 'loglikelihood_rolling', languages: ['mt'], dataset: { path: 'bad.jsonl' }, doc_to_target: '{{id}}', metrics: ['bits_per_byte'] },
      { baseDirectory: directory },
    );
    await expect(task.evaluate(createScriptedModel(), { language: 'mt' })).rejects.toThrow(/bad\.jsonl:2: is not valid JSON/);
  });

  it('scores translation by generation with BLEU and chrF++ statistics', async () => {
    const task = createDataTask(
      {
        name: 'translate-en-mt',
        output_type: 'generate_until',
        languages: ['mt'],
        dataset: { path: 'translate-{language}.jsonl' },
        doc_to_text: 'English: {{source}}\nMaltese:',
        doc_to_target: 'target',
        generation: { until: ['\n'], max_tokens: 64 },
        metrics: ['bleu', 'chrf++'],
      },
      { baseDirectory: directory },
    );
    const replies = { 'English: The dog bit the man.': 'The dog bit the man.', "English: It wasn't surprising.": "It wasn't surprising." };
    const samples = await task.evaluate(createScriptedModel({ replies }), { language: 'mt' });
    expect(samples[1]!.values.bleu).toEqual({ hypothesis: "It wasn't surprising.", references: ['It was not unexpected.'] });
    // A list target gives several references.
    const multiple = createDataTask(
      { name: 'translate-multi', output_type: 'generate_until', languages: ['mt'], dataset: { path: 'multi-{language}.jsonl' }, doc_to_text: 'English: {{source}}\nMaltese:', doc_to_target: 'targets', metrics: ['bleu'] },
      { baseDirectory: directory },
    );
    await writeFile(join(directory, 'multi-mt.jsonl'), jsonl([{ source: 'The dog bit the man.', targets: ['The dog bit the man.', 'The dog had bit the man.'] }]));
    const [sample] = await multiple.evaluate(createScriptedModel({ replies }), { language: 'mt' });
    expect(sample!.values.bleu).toEqual({ hypothesis: 'The dog bit the man.', references: ['The dog bit the man.', 'The dog had bit the man.'] });
    expect(samples[0]!.record.response).toBe('The dog bit the man.');
    // The task hands the corpus metric what sacreBLEU would get.
    const hypotheses = samples.map((sample) => String(sample.record.response));
    const references = [samples.map((sample) => String(sample.record.reference))];
    expect(createBleu().corpusScore(hypotheses, references).score).toBeGreaterThan(0);
    expect(createChrf({ wordOrder: 2 }).corpusScore(hypotheses, references).score).toBeGreaterThan(0);
  });
});
