import type { ProgressListener } from '../progress/progress-event.js';

/**
 * Score `continuation` given `context` (lm-evaluation-harness `loglikelihood`).
 *
 * @example
 * ```ts
 * import type { LoglikelihoodRequest } from '@oellm/core';
 * const request: LoglikelihoodRequest = { context: 'Question: 2 + 2 =', continuation: ' 4' };
 * ```
 */
export interface LoglikelihoodRequest {
  context: string;
  continuation: string;
}

/**
 * Sum of log-probabilities (natural log) of the continuation's tokens, and whether greedy decoding would produce it.
 *
 * @example
 * ```ts
 * import type { LoglikelihoodResult } from '@oellm/core';
 * const [result]: LoglikelihoodResult[] = await model.loglikelihood([request]);
 * console.log(Math.exp(result.logLikelihood), result.isGreedy);
 * ```
 */
export interface LoglikelihoodResult {
  logLikelihood: number;
  isGreedy: boolean;
}

/**
 * Score a whole text, every token predicted exactly once (lm-evaluation-harness `loglikelihood_rolling`).
 *
 * @example
 * ```ts
 * import type { RollingLoglikelihoodRequest } from '@oellm/core';
 * const request: RollingLoglikelihoodRequest = { text: 'Il-bnedmin kollha jitwieldu ħielsa.' };
 * ```
 */
export interface RollingLoglikelihoodRequest {
  text: string;
}

/**
 * Total natural-log likelihood of the text and how many tokens were scored.
 *
 * @example
 * ```ts
 * import type { RollingLoglikelihoodResult } from '@oellm/core';
 * const [result]: RollingLoglikelihoodResult[] = await model.loglikelihoodRolling([{ text }]);
 * const bitsPerByte = -result.logLikelihood / Math.LN2 / Buffer.byteLength(text);
 * ```
 */
export interface RollingLoglikelihoodResult {
  logLikelihood: number;
  tokenCount: number;
}

/**
 * Generate from `context` until a stop string or the token limit (lm-evaluation-harness `generate_until`).
 *
 * @example
 * ```ts
 * import type { GenerateRequest } from '@oellm/core';
 * const request: GenerateRequest = { context: 'English: Good morning\nMaltese:', until: ['\n'], maxTokens: 32 };
 * ```
 */
export interface GenerateRequest {
  context: string;
  until: readonly string[];
  maxTokens?: number;
  /** 0 (the default) means greedy. */
  temperature?: number;
}

/**
 * Passed to every request batch.
 *
 * @example
 * ```ts
 * import type { LanguageModelCallOptions } from '@oellm/core';
 * const options: LanguageModelCallOptions = { signal: AbortSignal.timeout(600_000) };
 * await model.generate([request], options);
 * ```
 */
export interface LanguageModelCallOptions {
  signal?: AbortSignal;
  progress?: ProgressListener;
}

/**
 * A model as evaluation sees it: the lm-evaluation-harness contract. Implementations move
 * trailing whitespace of a context onto the continuation, and score rolling windows so that
 * every token is predicted exactly once.
 *
 * Optional capabilities:
 * - `maxBatchSize`: how many requests the backend runs together.
 * - `tokenize`: the model's tokenizer, for tokenizer-dependent metrics.
 * - `close`: free native resources.
 *
 * @example
 * ```ts
 * import type { LanguageModelV1 } from '@oellm/core';
 * declare const model: LanguageModelV1;
 * const [result] = await model.loglikelihood([{ context: 'The capital of Malta is', continuation: ' Valletta' }]);
 * console.log(result.logLikelihood, result.isGreedy);
 * ```
 */
export interface LanguageModelV1 {
  readonly specificationVersion: 'v1';
  /** Identifies the model in caches and results (a file's sha256, or a served model's name). */
  readonly modelId: string;
  readonly maxBatchSize?: number;
  loglikelihood(requests: readonly LoglikelihoodRequest[], options?: LanguageModelCallOptions): Promise<LoglikelihoodResult[]>;
  loglikelihoodRolling(requests: readonly RollingLoglikelihoodRequest[], options?: LanguageModelCallOptions): Promise<RollingLoglikelihoodResult[]>;
  generate(requests: readonly GenerateRequest[], options?: LanguageModelCallOptions): Promise<string[]>;
  tokenize?(text: string): Promise<Uint32Array>;
  close?(): Promise<void>;
}

/**
 * The current version of {@link LanguageModelV1}: code written against `LanguageModel` follows the newest spec; name `LanguageModelV1` to stay on v1.
 *
 * @example
 * ```ts
 * import type { LanguageModel } from '@oellm/core';
 * export function describe(value: LanguageModel): string {
 *   return value.specificationVersion;
 * }
 * ```
 */
export type LanguageModel = LanguageModelV1;
