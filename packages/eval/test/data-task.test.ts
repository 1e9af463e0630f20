import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
