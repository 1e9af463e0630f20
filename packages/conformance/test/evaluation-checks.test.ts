import { describe, expect, it } from 'vitest';
import { languageModelChecks, metricChecks, runConformanceChecks, taskChecks, type ConformanceCheck } from '../src/index.js';
import { brokenMetrics, brokenModels, meanMetric, toyModel, toyTask } from './evaluation-implementations.js';

async function failedRules(checks: ConformanceCheck[]): Promise<string[]> {
  return (await runConformanceChecks(checks)).filter((result) => !result.passed).map((result) => result.name);
}

describe('LanguageModel checks', () => {
  it('pass for a conforming model', async () => {
    expect(await failedRules(languageModelChecks(() => toyModel()))).toEqual([]);
  });

  it('fail a model that keeps trailing whitespace on the context', async () => {
    expect(await failedRules(languageModelChecks(() => brokenModels.keepsTrailingWhitespace!))).toEqual(['moves trailing whitespace of the context onto the continuation']);
  });

  it('fail a model that returns results out of order', async () => {
    expect(await failedRules(languageModelChecks(() => brokenModels.reordersResults!))).toContain(
      'loglikelihood returns one finite, non-positive score and a boolean isGreedy per request, in order',
    );
  });

  it('fail a model whose rolling likelihood scores a token twice', async () => {
    expect(await failedRules(languageModelChecks(() => brokenModels.doubleCountsFirstToken!))).toEqual(['loglikelihoodRolling scores every token once, with a finite score and token count']);
  });

  it('fail a model that returns stop strings, or ignores an aborted signal', async () => {
    expect(await failedRules(languageModelChecks(() => brokenModels.keepsStopStrings!))).toEqual(['generate stops before stop strings and within maxTokens, one string per request']);
    expect(await failedRules(languageModelChecks(() => brokenModels.ignoresAbort!))).toEqual(['rejects a call whose signal is already aborted']);
  });
});

describe('Task checks', () => {
  const model = toyModel();
  it('pass for a conforming task', async () => {
    expect(await failedRules(taskChecks(() => toyTask(), { model }))).toEqual([]);
  });

  it('fail a task that ignores limit, repeats ids or names a language outside the registry', async () => {
    expect(await failedRules(taskChecks(() => toyTask({ ignoreLimit: true }), { model }))).toEqual(['honours limit and reports every sample through onSample']);
    expect(await failedRules(taskChecks(() => toyTask({ sampleIds: () => 'same' }), { model }))).toEqual([
      'returns samples in the run language with unique ids, each carrying every declared metric',
    ]);
    expect(await failedRules(taskChecks(() => toyTask({ languages: ['english'] }), { model, language: 'en' }))).toEqual([
      'declares specificationVersion "v1", a name, a version, registry languages and metrics',
    ]);
  });

  it('fail a task whose samples lack a declared metric', async () => {
    expect(await failedRules(taskChecks(() => toyTask({ metrics: ['bits_per_byte', 'acc'] }), { model }))).toEqual([
      'returns samples in the run language with unique ids, each carrying every declared metric',
    ]);
  });
});

describe('Metric checks', () => {
  it('pass for a conforming metric with its reference value', async () => {
    expect(await failedRules(metricChecks(meanMetric, { items: [1, 0, 1, 1], expected: 0.75 }))).toEqual([]);
  });

  it('fail order-dependent, mutating, non-deterministic or wrongly named metrics', async () => {
    const items = [1, 0, 1, 1];
    expect(await failedRules(metricChecks(brokenMetrics.orderDependent!, { items: [1, 0, 0] }))).toEqual(['aggregates to a finite number that does not depend on item order']);
    expect(await failedRules(metricChecks(brokenMetrics.mutatesItems!, { items }))).toEqual(['leaves its items unchanged']);
    expect(await failedRules(metricChecks(brokenMetrics.randomStandardError!, { items }))).toEqual(['gives a deterministic, non-negative standard error where it has one']);
    expect(await failedRules(metricChecks(brokenMetrics.upperCaseName!, { items }))).toEqual(['declares specificationVersion "v1", a lower-case name and higherIsBetter']);
    expect(await failedRules(metricChecks(meanMetric, { items, expected: 0.5 }))).toEqual(['aggregates to a finite number that does not depend on item order']);
  });
});
