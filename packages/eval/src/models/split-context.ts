import { rstripWhitespace } from '../metrics/python-text.js';

/**
 * Moves trailing whitespace of the context onto the continuation, as lm-evaluation-harness
 * `_encode_pair` does (lm_eval/api/model.py), so "Answer: " + "Paris" scores " Paris" as one word.
 *
 * @example
 * ```ts
 * moveTrailingWhitespace('Answer: ', 'Paris'); // { context: 'Answer:', continuation: ' Paris' }
 * ```
 */
export function moveTrailingWhitespace(context: string, continuation: string): { context: string; continuation: string } {
  const stripped = rstripWhitespace(context);
  if (stripped.length === context.length) return { context, continuation };
  return { context: stripped, continuation: context.slice(stripped.length) + continuation };
}

/**
 * Token ids of context and continuation with lm-evaluation-harness semantics: encode the whole
 * text and the context, and take the continuation as the whole text's tokens past the context's,
 * so tokens that merge across the boundary are scored as the model would see them. An empty
 * context conditions on `prefixToken` (BOS).
 *
 * @example
 * ```ts
 * const { contextTokens, continuationTokens } = encodePair('Paris is in', ' France', (text) => tokenize(text), 1);
 * ```
 */
export function encodePair(
  context: string,
  continuation: string,
  encode: (text: string, withPrefix: boolean) => number[],
  prefixToken: number,
): { contextTokens: number[]; continuationTokens: number[] } {
  if (context === '') {
    const continuationTokens = encode(continuation, false);
    // lm-eval: if the continuation itself starts with the prefix token, that token is the context.
    if (continuationTokens[0] === prefixToken) return { contextTokens: continuationTokens.slice(0, 1), continuationTokens: continuationTokens.slice(1) };
    return { contextTokens: [prefixToken], continuationTokens };
  }
  const moved = moveTrailingWhitespace(context, continuation);
  const whole = encode(moved.context + moved.continuation, true);
  const contextTokens = encode(moved.context, true);
  return { contextTokens, continuationTokens: whole.slice(contextTokens.length) };
}
