/** One scoring window: the model's input and the tokens scored from its last positions. */
export interface TokenWindow {
  context: number[];
  continuation: number[];
}

/**
 * Splits a token list into windows so every token is predicted exactly once, each with as much
 * preceding context as fits: lm-evaluation-harness `utils.get_rolling_token_windows`
 * (lm_eval/utils.py). Window `context` is the model input (it overlaps `continuation`); score the
 * last `continuation.length` positions. The first window conditions on `prefixToken` (BOS).
 *
 * @example
 * ```ts
 * rollingTokenWindows([10, 11, 12, 13, 14], 1, 3);
 * // [{ context: [1, 10, 11], continuation: [10, 11, 12] }, { context: [11, 12, 13], continuation: [13, 14] }]
 * ```
 */
export function rollingTokenWindows(tokens: readonly number[], prefixToken: number, maxSequenceLength: number, contextLength = 1): TokenWindow[] {
  if (!(contextLength >= 1 && contextLength <= maxSequenceLength)) {
    throw new RangeError(`contextLength must be within 1..${maxSequenceLength}, got ${contextLength}`);
  }
  const windows: TokenWindow[] = [];
  if (tokens.length === 0) return windows;
  const predictionLength = maxSequenceLength - contextLength + 1;
  const firstLength = Math.min(maxSequenceLength, tokens.length);
  windows.push({ context: [prefixToken, ...tokens.slice(0, firstLength - 1)], continuation: tokens.slice(0, firstLength) });
  let predicted = firstLength;
  while (predicted < tokens.length) {
    const windowPredictionLength = Math.min(tokens.length - predicted, predictionLength);
    const windowEnd = predicted + windowPredictionLength;
    windows.push({ context: tokens.slice(windowEnd - maxSequenceLength - 1, windowEnd - 1), continuation: tokens.slice(windowEnd - windowPredictionLength, windowEnd) });
    predicted += windowPredictionLength;
  }
  return windows;
}

/**
 * Drops the part of a window's input that overlaps the scored tokens, giving a (context,
 * continuation) pair to score like a loglikelihood request: lm-eval `utils.make_disjoint_window`.
 *
 * @example
 * ```ts
 * makeDisjointWindow({ context: [1, 2, 3, 4, 5], continuation: [4, 5, 6] }); // { context: [1, 2, 3], continuation: [4, 5, 6] }
 * ```
 */
export function makeDisjointWindow(window: TokenWindow): TokenWindow {
  return { context: window.context.slice(0, window.context.length - (window.continuation.length - 1)), continuation: window.continuation };
}
