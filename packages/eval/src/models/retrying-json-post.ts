import { InputError, OellmError } from '@oellm/core';

/** Retryable: the server may answer differently next time (5xx, 429, timeout, a malformed body). */
export class TransientResponseError extends Error {}

/** Options of {@link createRetryingJsonPost}. */
export interface RetryingJsonPostOptions {
  /** Sent as `Authorization: Bearer …` when given. */
  apiKey?: string;
  /** Attempts per request (1 = no retry). */
  attempts: number;
  /** Milliseconds per attempt before it is abandoned and retried. */
  timeoutMs: number;
  /** First backoff in milliseconds, doubled after each failed attempt. */
  backoffMs: number;
  /** Named in the final error, e.g. `"EuroLLM-9B"`. */
  model: string;
  fetch: typeof fetch;
}

/**
 * Returns `post(url, body, parse, signal)`: POSTs JSON and hands the parsed body to `parse`, which
 * throws {@link TransientResponseError} when the body lacks what it needs. 5xx, 429, timeouts,
 * network errors and malformed JSON are retried with exponential backoff, then fail with an
 * `OellmError` naming the URL; any other 4xx is an `InputError` at once (retrying cannot help).
 * Every OpenAI-compatible endpoint of the HTTP backend goes through this, so completions and chat
 * completions share one retry, timeout and backoff policy.
 *
 * @example
 * ```ts
 * const post = createRetryingJsonPost({ attempts: 4, timeoutMs: 60_000, backoffMs: 500, model: 'm', fetch });
 * const text = await post('http://localhost:8000/v1/completions', { prompt: 'Hi' }, (body) => String(body));
 * ```
 */
export function createRetryingJsonPost(options: RetryingJsonPostOptions) {
  const headers = { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) };
  return async function post<Result>(url: string, body: Record<string, unknown>, parse: (parsed: unknown) => Result, signal?: AbortSignal): Promise<Result> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= options.attempts; attempt++) {
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const response = await options.fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: attemptSignal });
        const text = await response.text();
        if (response.status === 429 || response.status >= 500) throw new TransientResponseError(`HTTP ${response.status}: ${text.slice(0, 200)}`);
        if (!response.ok) {
          throw new InputError({ code: 'http_request_rejected', message: `the server rejected the request with HTTP ${response.status}: ${text.slice(0, 300)}`, location: { file: url } });
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new TransientResponseError(`malformed JSON: ${text.slice(0, 100)}`);
        }
        return parse(parsed);
      } catch (error) {
        if (signal?.aborted) throw error;
        if (InputError.isInstance(error)) throw error;
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        lastProblem = timedOut ? `no answer within ${options.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
        if (attempt < options.attempts) await new Promise((resolve) => setTimeout(resolve, options.backoffMs * 2 ** (attempt - 1)));
      }
    }
    throw new OellmError({
      code: 'http_backend_failed',
      message: `${url}: ${options.attempts} attempts failed, the last with ${lastProblem}; check that the server runs and serves "${options.model}", or raise the timeout`,
    });
  };
}
