import type { ProgressListener } from '../progress/progress-event.js';

/** Score `continuation` given `context` (lm-evaluation-harness `loglikelihood`). */
export interface LoglikelihoodRequest {
  context: string;
  continuation: string;
}

/** Sum of log-probabilities (natural log) of the continuation's tokens, and whether greedy decoding would produce it. */
export interface LoglikelihoodResult {
  logLikelihood: number;
  isGreedy: boolean;
}

/** Score a whole text, every token predicted exactly once (lm-evaluation-harness `loglikelihood_rolling`). */
export interface RollingLoglikelihoodRequest {
  text: string;
}

/** Total natural-log likelihood of the text and how many tokens were scored. */
export interface RollingLoglikelihoodResult {
  logLikelihood: number;
  tokenCount: number;
}

/** Generate from `context` until a stop string or the token limit (lm-evaluation-harness `generate_until`). */
export interface GenerateRequest {
  context: string;
  until: readonly string[];
  maxTokens?: number;
  /** 0 (the default) means greedy. */
  temperature?: number;
}

/** Passed to every request batch. */
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

/** The current version of {@link LanguageModelV1}. */
export type LanguageModel = LanguageModelV1;
