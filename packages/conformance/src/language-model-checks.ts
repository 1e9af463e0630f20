import type { LanguageModelV1 } from '@oellm/core';
import { requireThat, type ConformanceCheck } from './conformance-check.js';

/**
 * Options of {@link languageModelChecks}.
 *
 * @example
 * ```ts
 * import type { LanguageModelCheckOptions } from '@oellm/conformance';
 * const options: LanguageModelCheckOptions = { contexts: ['Il-bnedmin kollha jitwieldu'], tolerance: 1e-4 };
 * ```
 */
export interface LanguageModelCheckOptions {
  /** Contexts in the model's languages to score continuations of. Default: a few English sentences. */
  contexts?: string[];
  /** Largest difference allowed between two scores that must be equal. Default 1e-4. */
  tolerance?: number;
  /**
   * Whether `loglikelihoodRolling(text)` must equal `loglikelihood('', text)` for a short text (both
   * condition on the prefix token and score every token once, as in lm-evaluation-harness). Default true.
   */
  rollingMatchesEmptyContext?: boolean;
}

const defaultContexts = ['Once upon a time, there was a', 'The weather today is', 'All human beings are born free and'];

/**
 * The checks every `LanguageModel` must pass: the lm-evaluation-harness contract (one result per
 * request in order, trailing context whitespace moved to the continuation, rolling likelihood
 * scoring every token once, generation stopping before stop strings), determinism and cancellation.
 * `createModel` is called once per check; close what it returns with `close()`.
 *
 * @example
 * ```ts
 * import { languageModelChecks, runConformanceChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(languageModelChecks(() => createMyModel()));
 * ```
 */
export function languageModelChecks(createModel: () => LanguageModelV1 | Promise<LanguageModelV1>, options: LanguageModelCheckOptions = {}): ConformanceCheck[] {
  const contexts = options.contexts ?? defaultContexts;
  const tolerance = options.tolerance ?? 1e-4;
  const withModel = (body: (model: LanguageModelV1) => Promise<void>) => async () => {
    const model = await createModel();
    try {
      await body(model);
    } finally {
      await model.close?.();
    }
  };
  const close = (a: number, b: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
  return [
    {
      name: 'declares specificationVersion "v1" and a modelId',
      run: withModel(async (model) => {
        requireThat(model.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: model.specificationVersion });
        requireThat(typeof model.modelId === 'string' && model.modelId.length > 0, 'modelId must be a non-empty string (caches key on it)', { got: model.modelId });
      }),
    },
    {
      name: 'loglikelihood returns one finite, non-positive score and a boolean isGreedy per request, in order',
      run: withModel(async (model) => {
        requireThat((await model.loglikelihood([])).length === 0, 'no requests must give no results');
        const requests = contexts.flatMap((context) => [
          { context, continuation: ' the' },
          { context, continuation: ' a long and quite unlikely continuation' },
        ]);
        const results = await model.loglikelihood(requests);
        requireThat(Array.isArray(results) && results.length === requests.length, 'one result per request', { requests: requests.length, got: results?.length });
        results.forEach((result, index) => {
          requireThat(Number.isFinite(result.logLikelihood) && result.logLikelihood <= 0, 'logLikelihood must be a finite natural-log probability (≤ 0)', { request: requests[index], got: result.logLikelihood });
          requireThat(typeof result.isGreedy === 'boolean', 'isGreedy must be a boolean', { request: requests[index], got: result.isGreedy });
        });
        const single = await model.loglikelihood([requests.at(-1)!]);
        requireThat(close(single[0]!.logLikelihood, results.at(-1)!.logLikelihood), 'a request must score the same alone as in a batch (results in request order)', {
          alone: single[0]!.logLikelihood,
          inBatch: results.at(-1)!.logLikelihood,
        });
        requireThat(results[1]!.logLikelihood < results[0]!.logLikelihood, 'a longer, less likely continuation must score lower than " the"', { results });
      }),
    },
    {
      name: 'moves trailing whitespace of the context onto the continuation',
      run: withModel(async (model) => {
        const context = contexts[0]!;
        const [moved, explicit] = await model.loglikelihood([
          { context: `${context} `, continuation: 'the' },
          { context, continuation: ' the' },
        ]);
        requireThat(close(moved!.logLikelihood, explicit!.logLikelihood), 'loglikelihood("X ", "Y") must equal loglikelihood("X", " Y")', { moved: moved!.logLikelihood, explicit: explicit!.logLikelihood });
      }),
    },
    {
      name: 'loglikelihoodRolling scores every token once, with a finite score and token count',
      run: withModel(async (model) => {
        const text = contexts.join(' ');
        const [result, empty] = await model.loglikelihoodRolling([{ text }, { text: '' }]);
        requireThat(Number.isFinite(result!.logLikelihood) && result!.logLikelihood < 0, 'a non-empty text must have a finite, negative log-likelihood', { got: result });
        requireThat(Number.isInteger(result!.tokenCount) && result!.tokenCount > 0, 'tokenCount must be a positive integer for a non-empty text', { got: result });
        requireThat(empty!.logLikelihood === 0 && empty!.tokenCount === 0, 'an empty text must score 0 over 0 tokens', { got: empty });
        if (options.rollingMatchesEmptyContext !== false) {
          const [conditioned] = await model.loglikelihood([{ context: '', continuation: text }]);
          requireThat(close(conditioned!.logLikelihood, result!.logLikelihood), 'loglikelihoodRolling(text) must equal loglikelihood("", text) for a text that fits one window', {
            rolling: result!.logLikelihood,
            emptyContext: conditioned!.logLikelihood,
          });
        }
      }),
    },
    {
      name: 'generate stops before stop strings and within maxTokens, one string per request',
      run: withModel(async (model) => {
        const requests = contexts.map((context) => ({ context, until: ['.', '\n'], maxTokens: 24 }));
        const outputs = await model.generate(requests);
        requireThat(Array.isArray(outputs) && outputs.length === requests.length, 'one output per request', { got: outputs?.length });
        outputs.forEach((output, index) => {
          requireThat(typeof output === 'string', 'outputs must be strings', { got: output });
          requireThat(!output.includes('.') && !output.includes('\n'), 'an output must end before the first stop string', { request: requests[index], got: output });
        });
        const [short, long] = await model.generate([
          { context: contexts[0]!, until: [], maxTokens: 1 },
          { context: contexts[0]!, until: [], maxTokens: 12 },
        ]);
        requireThat(short!.length <= long!.length && long!.startsWith(short!), 'greedy generation with fewer tokens must be a prefix of a longer one', { short, long });
      }),
    },
    {
      name: 'gives the same scores on repeated calls (deterministic)',
      run: withModel(async (model) => {
        const requests = contexts.map((context) => ({ context, continuation: ' and' }));
        const first = await model.loglikelihood(requests);
        const second = await model.loglikelihood([...requests].reverse());
        second.reverse();
        first.forEach((result, index) => {
          requireThat(close(result.logLikelihood, second[index]!.logLikelihood), 'the same request must score the same whatever the batch order', { first: result.logLikelihood, second: second[index]!.logLikelihood });
        });
      }),
    },
    {
      name: 'rejects a call whose signal is already aborted',
      run: withModel(async (model) => {
        const controller = new AbortController();
        controller.abort(new Error('stop'));
        let rejected = false;
        try {
          await model.loglikelihood([{ context: contexts[0]!, continuation: ' the' }], { signal: controller.signal });
        } catch {
          rejected = true;
        }
        requireThat(rejected, 'an aborted signal must make the call reject');
      }),
    },
  ];
}
