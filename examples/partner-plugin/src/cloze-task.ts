import type { LanguageModelV1, SampleResult, TaskV1 } from '@oellm/core';

/** One cloze item: the model should prefer `answer` over each of `distractors` after `context`. */
export interface ClozeItem {
  id: string;
  language: string;
  context: string;
  answer: string;
  distractors: string[];
}

/**
 * A multiple-choice cloze task over the partner's own items, scored by log-likelihood with
 * lm-evaluation-harness's `acc` (is the answer the most likely choice).
 *
 * @example
 * ```ts
 * import { createClozeTask } from '@oellm/example-partner-plugin';
 * const task = createClozeTask('capitals', [{ id: '1', language: 'mt', context: 'Il-belt kapitali ta’ Malta hi', answer: ' il-Belt Valletta', distractors: [' Ruma'] }]);
 * const samples = await task.evaluate(model, { language: 'mt' });
 * ```
 */
export function createClozeTask(name: string, items: readonly ClozeItem[]): TaskV1 {
  return {
    specificationVersion: 'v1',
    name,
    version: '1',
    languages: [...new Set(items.map((item) => item.language))],
    metrics: ['acc'],
    async evaluate(model: LanguageModelV1, options) {
      const selected = items.filter((item) => item.language === options.language).slice(0, options.limit ?? Number.POSITIVE_INFINITY);
      const samples: SampleResult[] = [];
      for (const item of selected) {
        const choices = [item.answer, ...item.distractors];
        const scores = await model.loglikelihood(choices.map((continuation) => ({ context: item.context, continuation })), { signal: options.signal });
        const best = scores.reduce((bestIndex, score, index) => (score.logLikelihood > scores[bestIndex]!.logLikelihood ? index : bestIndex), 0);
        const sample: SampleResult = {
          documentId: item.id,
          language: item.language,
          values: { acc: best === 0 ? 1 : 0 },
          record: { context: item.context, choices, logLikelihoods: scores.map((score) => score.logLikelihood) },
        };
        options.onSample?.(sample);
        samples.push(sample);
      }
      return samples;
    },
  };
}
