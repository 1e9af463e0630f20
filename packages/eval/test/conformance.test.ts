// Our backend, tasks and metrics against the published @oellm/conformance suites.
import { fileURLToPath } from 'node:url';
import { describeLanguageModelConformance, describeMetricConformance, describeTaskConformance } from '@oellm/conformance/vitest';
import { getLlama } from 'node-llama-cpp';
import {
  accuracy,
  bitsPerByte,
  bleuMetric,
  bytePerplexity,
  chrfMetric,
  chrfPlusPlusMetric,
  createDataTask,
  createLlamaCppModel,
  createUdhrTask,
  normalizedAccuracy,
  perplexity,
  wordPerplexity,
} from '../src/index.js';
import { createScriptedModel } from './support/scripted-model.js';

const modelPath = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const llama = getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });

describeLanguageModelConformance('llama.cpp on stories260K', async () => createLlamaCppModel({ modelPath, llama: await llama, contextSize: 256, sequences: 2 }));

describeTaskConformance('udhr-likelihood', () => createUdhrTask(), { model: createScriptedModel(), language: 'mt', limit: 3 });

const quizDirectory = fileURLToPath(new URL('./fixtures/', import.meta.url));
describeTaskConformance(
  'a multiple-choice data task',
  () =>
    createDataTask(
      { name: 'quiz', output_type: 'multiple_choice', languages: ['mt'], dataset: { path: 'quiz-{language}.jsonl' }, doc_to_text: 'Q: {{question}}\nA:', doc_to_choice: 'choices', doc_to_target: 'answer', metrics: ['acc', 'acc_norm'], id_field: 'id' },
      { baseDirectory: quizDirectory },
    ),
  { model: createScriptedModel(), language: 'mt', limit: 3 },
);

// Expected values from lm-evaluation-harness's definitions: mean; exp(-mean); Σll/Σweight forms.
describeMetricConformance(accuracy, { items: [1, 0, 1, 1], expected: 0.75 });
describeMetricConformance(normalizedAccuracy, { items: [0, 0, 1, 1], expected: 0.5 });
describeMetricConformance(perplexity, { items: [Math.log(0.5), Math.log(0.25)], expected: Math.exp(-(Math.log(0.5) + Math.log(0.25)) / 2) });
describeMetricConformance(bitsPerByte, { items: [[-8 * Math.LN2, 4], [-4 * Math.LN2, 4]], expected: 1.5 });
describeMetricConformance(bytePerplexity, { items: [[-8 * Math.LN2, 4], [-4 * Math.LN2, 4]], expected: 2 ** 1.5 });
describeMetricConformance(wordPerplexity, { items: [[-2 * Math.LN2, 1], [-2 * Math.LN2, 1]], expected: 4 });
// sacreBLEU README: BLEU 48.53 / chrF2 59.73 on its example with two references per segment.
const readme = [
  { hypothesis: 'The dog bit the man.', references: ['The dog bit the man.', 'The dog had bit the man.'] },
  { hypothesis: "It wasn't surprising.", references: ['It was not unexpected.', 'No one was surprised.'] },
  { hypothesis: 'The man had just bitten him.', references: ['The man bit him first.', 'The man had bitten the dog.'] },
];
describeMetricConformance(bleuMetric, { items: readme, expected: 48.530827, tolerance: 1e-7 });
describeMetricConformance(chrfMetric, { items: readme });
describeMetricConformance(chrfPlusPlusMetric, { items: readme });
