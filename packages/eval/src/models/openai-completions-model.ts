import {
  InputError,
  OellmError,
  type GenerateRequest,
  type LanguageModelCallOptions,
  type LanguageModelV1,
  type LoglikelihoodRequest,
  type LoglikelihoodResult,
  type RollingLoglikelihoodRequest,
  type RollingLoglikelihoodResult,
} from '@oellm/core';
import { runPool } from './run-pool.js';
import { moveTrailingWhitespace } from './split-context.js';

/** Options of {@link createOpenAiCompletionsModel}. */
export interface OpenAiCompletionsModelOptions {
  /** Server root, e.g. `http://localhost:8000` (the `/v1/completions` path is appended). */
  baseUrl: string;
  /** The served model's name. */
  model: string;
  apiKey?: string;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Attempts per request (1 = no retry). Default 4. */
  attempts?: number;
  /** Milliseconds per attempt before it is abandoned and retried. Default 120000. */
  timeoutMs?: number;
  /** First backoff in milliseconds, doubled after each failed attempt. Default 500. */
  backoffMs?: number;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
}

interface CompletionLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs?: (Record<string, number> | null)[] | null;
  text_offset: number[];
}

interface CompletionChoice {
  text: string;
  logprobs?: CompletionLogprobs | null;
}

/** Retryable: the server may answer differently next time (5xx, 429, timeout, broken JSON). */
class TransientError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseChoice(body: unknown, needLogprobs: boolean): CompletionChoice {
  const choice = isObject(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isObject(choice) || typeof choice.text !== 'string') throw new TransientError('the response has no choices[0].text');
  if (!needLogprobs) return { text: choice.text };
  const logprobs = choice.logprobs;
  if (
    !isObject(logprobs) ||
    !Array.isArray(logprobs.tokens) ||
    !Array.isArray(logprobs.token_logprobs) ||
    !Array.isArray(logprobs.text_offset) ||
    logprobs.tokens.length !== logprobs.token_logprobs.length ||
    logprobs.tokens.length !== logprobs.text_offset.length
  ) {
    throw new TransientError('the response has no usable choices[0].logprobs (tokens, token_logprobs, text_offset)');
  }
  return { text: choice.text, logprobs: logprobs as unknown as CompletionLogprobs };
}

/**
 * A LanguageModel served over HTTP by an OpenAI-compatible `/v1/completions` endpoint (vLLM,
 * llama.cpp's server, …), as lm-evaluation-harness's `local-completions`: scoring sends
 * `echo: true, max_tokens: 0, logprobs: 1` and reads the prompt's token log-probabilities
 * (continuation tokens are those at or after the context's character offset); generation is greedy
 * with `stop`. Requests run `concurrency` at a time; 5xx, 429, timeouts, network errors and
 * malformed JSON are retried with exponential backoff, then fail with an error naming the server.
 * Rolling likelihood scores the text in one request, so texts must fit the server's context.
 *
 * @example
 * ```ts
 * import { createOpenAiCompletionsModel } from '@oellm/eval';
 * const model = createOpenAiCompletionsModel({ baseUrl: 'http://localhost:8000', model: 'EuroLLM-9B' });
 * const [result] = await model.loglikelihood([{ context: 'The capital of Malta is', continuation: ' Valletta' }]);
 * ```
 */
export function createOpenAiCompletionsModel(options: OpenAiCompletionsModelOptions): LanguageModelV1 {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/completions`;
  const concurrency = options.concurrency ?? 4;
  const attempts = options.attempts ?? 4;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const backoffMs = options.backoffMs ?? 500;
  const fetchImplementation = options.fetch ?? fetch;

  async function complete(body: Record<string, unknown>, needLogprobs: boolean, signal?: AbortSignal): Promise<CompletionChoice> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      signal?.throwIfAborted();
      const attemptSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      try {
        const response = await fetchImplementation(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
          body: JSON.stringify({ model: options.model, ...body }),
          signal: attemptSignal,
        });
        const text = await response.text();
        if (response.status === 429 || response.status >= 500) throw new TransientError(`HTTP ${response.status}: ${text.slice(0, 200)}`);
        if (!response.ok) {
          throw new InputError({ code: 'http_request_rejected', message: `the server rejected the request with HTTP ${response.status}: ${text.slice(0, 300)}`, location: { file: url } });
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new TransientError(`malformed JSON: ${text.slice(0, 100)}`);
        }
        return parseChoice(parsed, needLogprobs);
      } catch (error) {
        if (signal?.aborted) throw error;
        if (InputError.isInstance(error)) throw error;
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        lastProblem = timedOut ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      }
    }
    throw new OellmError({
      code: 'http_backend_failed',
      message: `${url}: ${attempts} attempts failed, the last with ${lastProblem}; check that the server runs and serves "${options.model}", or raise the timeout`,
    });
  }

  function score(choice: CompletionChoice, from: number): LoglikelihoodResult {
    const logprobs = choice.logprobs!;
    let logLikelihood = 0;
    let isGreedy = true;
    let scored = 0;
    for (let index = 0; index < logprobs.tokens.length; index++) {
      if (logprobs.text_offset[index]! < from) continue;
      const value = logprobs.token_logprobs[index];
      if (typeof value !== 'number') continue;
      logLikelihood += value;
      scored++;
      const top = logprobs.top_logprobs?.[index];
      if (top) {
        let best = -Infinity;
        let bestToken = '';
        for (const [token, logprob] of Object.entries(top)) if (logprob > best) [best, bestToken] = [logprob, token];
        if (bestToken !== logprobs.tokens[index] && best > value) isGreedy = false;
      }
    }
    return { logLikelihood, isGreedy };
  }

  return {
    specificationVersion: 'v1',
    modelId: `openai-completions:${url}#${options.model}`,
    maxBatchSize: concurrency,
    loglikelihood(requests: readonly LoglikelihoodRequest[], callOptions?: LanguageModelCallOptions) {
      return runPool(
        requests.length,
        concurrency,
        async (index) => {
          const moved = moveTrailingWhitespace(requests[index]!.context, requests[index]!.continuation);
          const choice = await complete({ prompt: moved.context + moved.continuation, max_tokens: 0, echo: true, logprobs: 1, temperature: 0 }, true, callOptions?.signal);
          return score(choice, moved.context.length);
        },
        callOptions?.signal,
      );
    },
    loglikelihoodRolling(requests: readonly RollingLoglikelihoodRequest[], callOptions?: LanguageModelCallOptions): Promise<RollingLoglikelihoodResult[]> {
      return runPool(
        requests.length,
        concurrency,
        async (index) => {
          const text = requests[index]!.text;
          if (text === '') return { logLikelihood: 0, tokenCount: 0 };
          const choice = await complete({ prompt: text, max_tokens: 0, echo: true, logprobs: 1, temperature: 0 }, true, callOptions?.signal);
          const tokenCount = choice.logprobs!.token_logprobs.filter((value) => typeof value === 'number').length;
          return { logLikelihood: score(choice, 0).logLikelihood, tokenCount };
        },
        callOptions?.signal,
      );
    },
    generate(requests: readonly GenerateRequest[], callOptions?: LanguageModelCallOptions) {
      return runPool(
        requests.length,
        concurrency,
        async (index) => {
          const request = requests[index]!;
          const stop = request.until.filter((item) => item !== '');
          const choice = await complete(
            { prompt: request.context, max_tokens: request.maxTokens ?? 256, temperature: request.temperature ?? 0, ...(stop.length > 0 ? { stop: stop.slice(0, 4) } : {}) },
            false,
            callOptions?.signal,
          );
          let text = choice.text;
          // Servers accept at most four stop strings; cut at the rest here.
          for (const item of stop) if (text.includes(item)) text = text.slice(0, text.indexOf(item));
          return text;
        },
        callOptions?.signal,
      );
    },
  };
}
