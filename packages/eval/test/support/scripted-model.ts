import type { LanguageModelV1 } from '@oellm/core';

/**
 * A deterministic stand-in model for unit tests of tasks and the runner (never the proof of
 * compatibility — the llama.cpp tests are): a continuation's log-likelihood is -0.1 per character,
 * +1 when it contains "✓"; rolling text costs exactly one bit per byte; generation echoes `replies`.
 */
export function createScriptedModel(options: { replies?: Record<string, string>; failAfterCalls?: number } = {}) {
  const calls = { loglikelihood: 0, loglikelihoodRolling: 0, generate: 0, requests: 0 };
  const guard = () => {
    if (options.failAfterCalls !== undefined && calls.loglikelihood + calls.loglikelihoodRolling + calls.generate >= options.failAfterCalls) {
      throw new Error('interrupted');
    }
  };
  const model: LanguageModelV1 & { calls: typeof calls } = {
    specificationVersion: 'v1',
    modelId: 'scripted-model',
    calls,
    async loglikelihood(requests) {
      guard();
      calls.loglikelihood++;
      calls.requests += requests.length;
      return requests.map((request) => ({
        logLikelihood: -0.1 * Array.from(request.continuation).length + (request.continuation.includes('✓') ? 1 : 0),
        isGreedy: request.continuation.includes('✓'),
      }));
    },
    async loglikelihoodRolling(requests) {
      guard();
      calls.loglikelihoodRolling++;
      calls.requests += requests.length;
      return requests.map((request) => ({ logLikelihood: -Buffer.byteLength(request.text) * Math.LN2, tokenCount: request.text.length }));
    },
    async generate(requests) {
      guard();
      calls.generate++;
      calls.requests += requests.length;
      return requests.map((request) => {
        const lastLine = request.context.split('\n').at(-2) ?? '';
        return options.replies?.[lastLine] ?? '';
      });
    },
  };
  return model;
}
