import type {
  GenerateRequest,
  LanguageModelCallOptions,
  LanguageModelV1,
  LoglikelihoodRequest,
  LoglikelihoodResult,
  RollingLoglikelihoodRequest,
  RollingLoglikelihoodResult,
} from '@oellm/core';
import { createRetryingJsonPost, TransientResponseError } from './retrying-json-post.js';
import { runPool } from './run-pool.js';
import { moveTrailingWhitespace } from './split-context.js';

/** Options of {@link createOpenAiCompletionsModel}. */
export interface OpenAiCompletionsModelOptions {
  /** Server root, e.g. `http://localhost:8000` (`/v1/completions` and `/v1/chat/completions` are appended). */
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
  /**
   * Endpoint for `generate`: `'chat'` (default) sends the context as one user message to
   * `/v1/chat/completions`, so the server applies the model's chat template (instruction-tuned
   * models); `'completions'` sends it as a raw prompt to `/v1/completions` (base models, and
   * servers without a chat template). Scoring always uses `/v1/completions`.
   */
  generation?: 'chat' | 'completions';
  /** With `generation: 'chat'`: a system message sent before the user message. */
  systemPrompt?: string;
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

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseChoice(body: unknown, needLogprobs: boolean): CompletionChoice {
  const choice = isObject(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isObject(choice) || typeof choice.text !== 'string') throw new TransientResponseError('the response has no choices[0].text');
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
    throw new TransientResponseError('the response has no usable choices[0].logprobs (tokens, token_logprobs, text_offset)');
  }
  return { text: choice.text, logprobs: logprobs as unknown as CompletionLogprobs };
}

function parseChatMessage(body: unknown): string {
  const choice = isObject(body) && Array.isArray(body.choices) ? body.choices[0] : undefined;
  const message = isObject(choice) ? choice.message : undefined;
  if (!isObject(message) || typeof message.content !== 'string') throw new TransientResponseError('the response has no choices[0].message.content');
  return message.content;
}

/** Cuts at the earliest stop string: servers accept at most four, and some ignore them. */
function cutAtStopStrings(text: string, stops: readonly string[]): string {
  let end = text.length;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index >= 0 && index < end) end = index;
  }
  return text.slice(0, end);
}

/**
 * A LanguageModel served over HTTP by an OpenAI-compatible server (vLLM, llama.cpp's server, …),
 * as lm-evaluation-harness's `local-completions` and `local-chat-completions`: scoring sends
 * `echo: true, max_tokens: 0, logprobs: 1` to `/v1/completions` and reads the prompt's token
 * log-probabilities (continuation tokens are those at or after the context's character offset);
 * generation is greedy through `/v1/chat/completions` (default) or `/v1/completions`
 * (`generation: 'completions'`), with `stop` sent and applied again client-side. Requests run
 * `concurrency` at a time; 5xx, 429, timeouts, network errors and malformed JSON are retried with
 * exponential backoff, then fail with an error naming the server. Rolling likelihood scores the
 * text in one request, so texts must fit the server's context.
 *
 * @example
 * ```ts
 * import { createOpenAiCompletionsModel } from '@oellm/eval';
 * const model = createOpenAiCompletionsModel({ baseUrl: 'http://localhost:8000', model: 'EuroLLM-9B-Instruct' });
 * const [result] = await model.loglikelihood([{ context: 'The capital of Malta is', continuation: ' Valletta' }]);
 * const [answer] = await model.generate([{ context: 'Translate to Maltese: Good morning.', until: ['\n'] }]);
 * ```
 */
export function createOpenAiCompletionsModel(options: OpenAiCompletionsModelOptions): LanguageModelV1 {
  const root = options.baseUrl.replace(/\/+$/, '');
  const url = `${root}/v1/completions`;
  const chatUrl = `${root}/v1/chat/completions`;
  const generation = options.generation ?? 'chat';
  const concurrency = options.concurrency ?? 4;
  const post = createRetryingJsonPost({
    apiKey: options.apiKey,
    attempts: options.attempts ?? 4,
    timeoutMs: options.timeoutMs ?? 120_000,
    backoffMs: options.backoffMs ?? 500,
    model: options.model,
    fetch: options.fetch ?? fetch,
  });
  const complete = (body: Record<string, unknown>, needLogprobs: boolean, signal?: AbortSignal) =>
    post(url, { model: options.model, ...body }, (parsed) => parseChoice(parsed, needLogprobs), signal);

  async function generateOne(request: GenerateRequest, signal?: AbortSignal): Promise<string> {
    const stop = request.until.filter((item) => item !== '');
    const common = { model: options.model, max_tokens: request.maxTokens ?? 256, temperature: request.temperature ?? 0, ...(stop.length > 0 ? { stop: stop.slice(0, 4) } : {}) };
    const text =
      generation === 'chat'
        ? await post(
            chatUrl,
            { ...common, messages: [...(options.systemPrompt === undefined ? [] : [{ role: 'system', content: options.systemPrompt }]), { role: 'user', content: request.context }] },
            parseChatMessage,
            signal,
          )
        : (await complete({ ...common, prompt: request.context }, false, signal)).text;
    return cutAtStopStrings(text, stop);
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
    // Chat and raw-prompt generation answer differently, so they never share cached results.
    modelId: `openai-completions:${url}#${options.model}${generation === 'chat' ? '#chat' : ''}`,
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
      return runPool(requests.length, concurrency, (index) => generateOne(requests[index]!, callOptions?.signal), callOptions?.signal);
    },
  };
}
