import type { LanguageModelV1, MetricV1, SampleResult, TaskV1 } from '@oellm/core';

// A conforming toy LanguageModel (a character bigram "model" with lm-evaluation-harness bookkeeping)
// and broken variants that each break one rule of the LanguageModel, Task and Metric suites.

const codeOf = (character: string) => character.codePointAt(0)!;
/** log p(character | previous character): depends on the previous one, so context matters. */
const characterLog = (character: string, previous: number) => -(1 + ((codeOf(character) * 31 + previous) % 7) / 10);

function score(context: string, continuation: string): number {
  let previous = context === '' ? 0 : codeOf(Array.from(context).at(-1)!);
  let total = 0;
  for (const character of continuation) {
    total += characterLog(character, previous);
    previous = codeOf(character);
  }
  return total;
}

function moveWhitespace(context: string, continuation: string) {
  const trimmed = context.replace(/\s+$/, '');
  return { context: trimmed, continuation: context.slice(trimmed.length) + continuation };
}

export function toyModel(overrides: Partial<LanguageModelV1> = {}): LanguageModelV1 {
  return {
    specificationVersion: 'v1',
    modelId: 'toy-bigram',
    async loglikelihood(requests, options) {
      options?.signal?.throwIfAborted();
      return requests.map((request) => {
        const moved = moveWhitespace(request.context, request.continuation);
        return { logLikelihood: score(moved.context, moved.continuation), isGreedy: false };
      });
    },
    async loglikelihoodRolling(requests, options) {
      options?.signal?.throwIfAborted();
      return requests.map((request) => ({ logLikelihood: score('', request.text), tokenCount: Array.from(request.text).length }));
    },
    async generate(requests, options) {
      options?.signal?.throwIfAborted();
      return requests.map((request) => {
        let text = 'so it went. and on\n'.repeat(4).slice(0, request.maxTokens ?? 256);
        for (const stop of request.until) if (stop && text.includes(stop)) text = text.slice(0, text.indexOf(stop));
        return text;
      });
    },
    ...overrides,
  };
}

const conforming = toyModel();

export const brokenModels: Record<string, LanguageModelV1> = {
  keepsTrailingWhitespace: toyModel({
    async loglikelihood(requests, options) {
      options?.signal?.throwIfAborted();
      return requests.map((request) => ({ logLikelihood: score(request.context, request.continuation), isGreedy: false }));
    },
  }),
  reordersResults: toyModel({
    async loglikelihood(requests, options) {
      return (await conforming.loglikelihood(requests, options)).reverse();
    },
  }),
  doubleCountsFirstToken: toyModel({
    async loglikelihoodRolling(requests) {
      return requests.map((request) => ({ logLikelihood: score('', request.text) + (request.text ? score('', request.text.slice(0, 1)) : 0), tokenCount: request.text.length }));
    },
  }),
  keepsStopStrings: toyModel({
    async generate(requests) {
      return requests.map((request) => 'so it went. and on\n'.slice(0, request.maxTokens ?? 256));
    },
  }),
  ignoresAbort: toyModel({
    async loglikelihood(requests) {
      return conforming.loglikelihood(requests);
    },
  }),
};

/** A conforming task: one document per UDHR-like sentence, scored by rolling likelihood. */
export function toyTask(overrides: Partial<TaskV1> & { sampleIds?: (index: number) => string; ignoreLimit?: boolean } = {}): TaskV1 {
  const texts = ['All human beings are born free.', 'Everyone has the right to life.', 'No one shall be held in slavery.', 'Everyone has the right to rest.'];
  return {
    specificationVersion: 'v1',
    name: 'toy-text',
    version: '1',
    languages: ['en'],
    metrics: ['bits_per_byte'],
    async evaluate(model, run) {
      const chosen = overrides.ignoreLimit ? texts : texts.slice(0, run.limit ?? texts.length);
      const results = await model.loglikelihoodRolling(chosen.map((text) => ({ text })));
      return chosen.map((text, index) => {
        const sample: SampleResult = {
          documentId: overrides.sampleIds?.(index) ?? `toy-${index}`,
          language: run.language,
          values: { bits_per_byte: [results[index]!.logLikelihood, text.length] },
          record: { text },
        };
        run.onSample?.(sample);
        return sample;
      });
    },
    ...overrides,
  };
}

export const meanMetric: MetricV1<number> = {
  specificationVersion: 'v1',
  name: 'acc',
  higherIsBetter: true,
  aggregate: (items) => items.reduce((sum, item) => sum + item, 0) / items.length,
  standardError: (items) => {
    const mean = items.reduce((sum, item) => sum + item, 0) / items.length;
    return Math.sqrt(items.reduce((sum, item) => sum + (item - mean) ** 2, 0) / (items.length - 1) / items.length);
  },
};

export const brokenMetrics: Record<string, MetricV1<number>> = {
  orderDependent: { ...meanMetric, aggregate: (items) => items[0]! },
  mutatesItems: { ...meanMetric, aggregate: (items) => (items as number[]).sort()[0]! + meanMetric.aggregate(items) * 0 },
  randomStandardError: { ...meanMetric, standardError: () => Math.random() },
  upperCaseName: { ...meanMetric, name: 'Accuracy' },
};
