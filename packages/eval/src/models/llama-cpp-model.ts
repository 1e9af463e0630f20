import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import {
  createProgressThrottle,
  hashFile,
  InputError,
  type GenerateRequest,
  type LanguageModelCallOptions,
  type LanguageModelV1,
  type LoglikelihoodRequest,
  type LoglikelihoodResult,
  type RollingLoglikelihoodRequest,
  type RollingLoglikelihoodResult,
} from '@oellm/core';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { checkGgufFile } from './check-gguf-file.js';
import { makeDisjointWindow, rollingTokenWindows } from './rolling-token-windows.js';
import { oneSequencePerBatch } from './one-sequence-per-batch.js';
import { runPool } from './run-pool.js';
import { encodePair } from './split-context.js';

/** Options of {@link createLlamaCppModel}. */
export interface LlamaCppModelOptions {
  /** Path of a GGUF file. */
  modelPath: string;
  /**
   * Context sequences, each with its own KV cache (the model's `maxBatchSize`). Default 4. Requests
   * are spread over them, evaluate concurrently, and reuse prefixes per sequence.
   */
  sequences?: number;
  /** Tokens per sequence; also lm-eval's `max_length` for rolling windows and truncation. Default min(2048, trained context). */
  contextSize?: number;
  /** lm-eval `max_length`: tokens the model sees per window (rolling windows, truncation). Default the context size. */
  maxLength?: number;
  /**
   * CPU threads for llama.cpp. Default: available cores minus one (at least 1) — llama.cpp's threads
   * busy-wait, so oversubscribing a shared machine slows evaluation by orders of magnitude.
   */
  threads?: number;
  /** A `Llama` from node-llama-cpp's `getLlama()`, to share one runtime; default CPU-only, never building. */
  llama?: Llama;
  /** Default: `gguf-sha256:<hash of the file>`, so caches never mix two models with one name. */
  modelId?: string;
}

/** The llama.cpp backend: a {@link LanguageModelV1} plus the loaded model's facts. */
export interface LlamaCppModel extends LanguageModelV1 {
  /** lm-eval `max_length`: tokens the model sees per window. */
  readonly maxLength: number;
  tokenize(text: string): Promise<Uint32Array>;
  /**
   * The full next-token distribution after BOS and each token of `text` but the last, one
   * `Float32Array` of `vocabularySize` probabilities per predicted token (the text's first
   * `maxLength` tokens). For KL divergence between two models sharing a tokenizer.
   */
  nextTokenDistributions(text: string): Promise<{ tokens: Uint32Array; distributions: Float32Array[] }>;
  readonly vocabularySize: number;
  close(): Promise<void>;
}

/** Scores of one (context, continuation) token pair. */
interface TokenScores {
  logProbabilities: number[];
  isGreedy: boolean;
}

// float32 probabilities that underflow to 0 are floored at the log of the smallest float32 subnormal.
const smallestLogProbability = Math.log(2 ** -149);

let sharedLlama: Promise<Llama> | undefined;

/** node-llama-cpp loaded lazily (it is heavy and optional), CPU only, never downloading or building. */
async function defaultLlama(): Promise<Llama> {
  sharedLlama ??= import('node-llama-cpp').then(({ getLlama }) => getLlama({ build: 'never', gpu: false, logLevel: 'error' as never }));
  return sharedLlama;
}

/**
 * Loads a GGUF model in-process through node-llama-cpp (llama.cpp) as an lm-evaluation-harness
 * style LanguageModel: `loglikelihood` (trailing context whitespace moved onto the continuation,
 * `isGreedy` per request), `loglikelihoodRolling` (disjoint rolling windows, every token predicted
 * once) and greedy `generate` until stop strings. Requests run on several sequences at once.
 *
 * @example
 * ```ts
 * import { createLlamaCppModel } from '@oellm/eval';
 * const model = await createLlamaCppModel({ modelPath: 'stories260K.gguf' });
 * const [result] = await model.loglikelihood([{ context: 'Once upon a', continuation: ' time' }]);
 * console.log(result.logLikelihood, result.isGreedy);
 * await model.close();
 * ```
 */
export async function createLlamaCppModel(options: LlamaCppModelOptions): Promise<LlamaCppModel> {
  const { modelPath } = options;
  await checkGgufFile(modelPath);
  const sequenceCount = options.sequences ?? 4;
  if (!Number.isInteger(sequenceCount) || sequenceCount < 1) {
    throw new InputError({ code: 'invalid_option', message: `sequences must be a positive integer, got ${sequenceCount}`, location: { field: 'sequences' } });
  }
  const llama = options.llama ?? (await defaultLlama());
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath });
  } catch (cause) {
    throw new InputError({
      code: 'invalid_model',
      message: `llama.cpp could not load the model (${cause instanceof Error ? cause.message : String(cause)}); the file may be truncated or use an unsupported architecture`,
      location: { file: modelPath },
      cause,
    });
  }
  const contextSize = options.contextSize ?? Math.min(2048, model.trainContextSize);
  let context: LlamaContext;
  try {
    context = await model.createContext({ contextSize, sequences: sequenceCount, threads: options.threads ?? Math.max(1, availableParallelism() - 1), batchSize: Math.max(512, contextSize), batching: { itemPrioritizationStrategy: oneSequencePerBatch } });
  } catch (cause) {
    await model.dispose();
    throw cause;
  }
  const sequences: LlamaContextSequence[] = Array.from({ length: sequenceCount }, () => context.getSequence());
  const maxLength = options.maxLength ?? context.contextSize;
  if (!Number.isInteger(maxLength) || maxLength < 2 || maxLength > context.contextSize) {
    await context.dispose();
    await model.dispose();
    throw new InputError({ code: 'invalid_option', message: `maxLength must be an integer within 2..${context.contextSize} (the context size), got ${maxLength}`, location: { field: 'maxLength' } });
  }
  const modelId = options.modelId ?? `gguf-sha256:${(await hashFile(modelPath)).sha256}`;
  const bos = model.tokens.bos;
  const prefixOrNull = bos ?? model.tokens.eos;
  if (prefixOrNull === null) {
    throw new InputError({ code: 'invalid_model', message: 'the model has neither a BOS nor an EOS token to condition on', location: { file: modelPath } });
  }
  const prefixToken: number = prefixOrNull;
  const prependBos = bos !== null && model.tokens.shouldPrependBosToken;
  const encode = (text: string, withPrefix: boolean): number[] => {
    const tokens = model.tokenize(text, false) as number[];
    return withPrefix && prependBos ? [bos, ...tokens] : tokens;
  };

  // Different sequences evaluate concurrently: `oneSequencePerBatch` keeps their probabilities
  // right (see its comment). Work on one sequence takes turns, because aligning its KV cache and
  // evaluating must not interleave with another call that uses the same sequence.
  const turns = new Map<LlamaContextSequence, Promise<unknown>>();
  function exclusive<Result>(sequence: LlamaContextSequence, work: () => Promise<Result>): Promise<Result> {
    const result = (turns.get(sequence) ?? Promise.resolve()).then(work);
    turns.set(sequence, result.catch(() => undefined));
    return result;
  }

  /**
   * Brings the sequence's KV cache to `tokens[0..keep)` with `keep` as large as possible but below
   * `minimumEvaluated`, reusing the prefix a previous request left (same context, other choice).
   */
  async function alignSequence(sequence: LlamaContextSequence, tokens: readonly number[], mustEvaluateFrom: number): Promise<number> {
    const cached = sequence.contextTokens;
    let common = 0;
    const limit = Math.min(cached.length, mustEvaluateFrom);
    while (common < limit && cached[common] === tokens[common]) common++;
    if (common < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: common, end: sequence.nextTokenIndex }]);
    return common;
  }

  /** Log-probability of each continuation token given everything before it, and whether greedy decoding reproduces it. */
  function scoreTokens(sequence: LlamaContextSequence, contextTokens: readonly number[], continuationTokens: readonly number[]): Promise<TokenScores> {
    return exclusive(sequence, () => scoreTokensNow(sequence, contextTokens, continuationTokens));
  }

  async function scoreTokensNow(sequence: LlamaContextSequence, contextTokens: readonly number[], continuationTokens: readonly number[]): Promise<TokenScores> {
    if (continuationTokens.length === 0) return { logProbabilities: [], isGreedy: true };
    // lm-eval: left-truncate to the last max_length + 1 tokens; the model sees all but the last.
    let all = [...contextTokens, ...continuationTokens];
    if (continuationTokens.length > maxLength) {
      throw new InputError({
        code: 'continuation_too_long',
        message: `a continuation of ${continuationTokens.length} tokens does not fit the context of ${maxLength} tokens; raise contextSize or shorten the target`,
      });
    }
    if (all.length > maxLength + 1) all = all.slice(all.length - (maxLength + 1));
    const firstScored = all.length - continuationTokens.length - 1; // input index whose next-token distribution scores continuation[0]
    const keep = await alignSequence(sequence, all, firstScored);
    const input = all.slice(keep, all.length - 1).map((token, offset) =>
      keep + offset >= firstScored ? ([token as Token, { generateNext: { probabilities: true } }] as const) : (token as Token),
    );
    const outputs = await sequence.controlledEvaluate(input as never);
    const logProbabilities: number[] = [];
    let isGreedy = true;
    for (let index = firstScored - keep; index < input.length; index++) {
      const target = all[keep + index + 1]!;
      const probabilities = outputs[index]?.next.probabilities;
      if (!probabilities) throw new Error(`llama.cpp returned no probabilities for token ${keep + index}`);
      const probability = probabilities.get(target as Token) ?? 0;
      logProbabilities.push(probability > 0 ? Math.log(probability) : smallestLogProbability);
      // The map is sorted by probability, highest first: its first key is the greedy choice.
      const top = probabilities.keys().next().value;
      if (top !== target && probabilities.get(top!) !== probability) isGreedy = false;
    }
    return { logProbabilities, isGreedy };
  }

  function progressFor(options: LanguageModelCallOptions | undefined, task: string, total: number) {
    const progress = createProgressThrottle(options?.progress);
    progress({ type: 'start', task, unit: 'requests', total, label: `${task} ${basename(modelPath)}` });
    let completed = 0;
    return {
      advance: () => progress({ type: 'advance', task, completed: ++completed, total }),
      end: () => progress({ type: 'end', task }),
    };
  }

  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('the model was closed; create it again to evaluate');
  };

  const languageModel: LlamaCppModel = {
    specificationVersion: 'v1',
    modelId,
    maxBatchSize: sequenceCount,
    maxLength,

    async loglikelihood(requests: readonly LoglikelihoodRequest[], callOptions?: LanguageModelCallOptions): Promise<LoglikelihoodResult[]> {
      assertOpen();
      const progress = progressFor(callOptions, 'loglikelihood', requests.length);
      try {
        return await runPool(
          requests.length,
          sequenceCount,
          async (index, worker) => {
            const request = requests[index]!;
            const { contextTokens, continuationTokens } = encodePair(request.context, request.continuation, encode, prefixToken);
            const scores = await scoreTokens(sequences[worker]!, contextTokens, continuationTokens);
            progress.advance();
            return { logLikelihood: sum(scores.logProbabilities), isGreedy: scores.isGreedy };
          },
          callOptions?.signal,
        );
      } finally {
        progress.end();
      }
    },

    async loglikelihoodRolling(requests: readonly RollingLoglikelihoodRequest[], callOptions?: LanguageModelCallOptions): Promise<RollingLoglikelihoodResult[]> {
      assertOpen();
      const progress = progressFor(callOptions, 'loglikelihood-rolling', requests.length);
      try {
        return await runPool(
          requests.length,
          sequenceCount,
          async (index, worker) => {
            const tokens = encode(requests[index]!.text, false);
            let logLikelihood = 0;
            for (const window of rollingTokenWindows(tokens, prefixToken, maxLength).map(makeDisjointWindow)) {
              logLikelihood += sum((await scoreTokens(sequences[worker]!, window.context, window.continuation)).logProbabilities);
            }
            progress.advance();
            return { logLikelihood, tokenCount: tokens.length };
          },
          callOptions?.signal,
        );
      } finally {
        progress.end();
      }
    },

    async generate(requests: readonly GenerateRequest[], callOptions?: LanguageModelCallOptions): Promise<string[]> {
      assertOpen();
      const progress = progressFor(callOptions, 'generate', requests.length);
      try {
        return await runPool(
          requests.length,
          sequenceCount,
          async (index, worker) => {
            const text = await exclusive(sequences[worker]!, () => generateGreedy(sequences[worker]!, requests[index]!));
            progress.advance();
            return text;
          },
          callOptions?.signal,
        );
      } finally {
        progress.end();
      }
    },

    async tokenize(text: string): Promise<Uint32Array> {
      return Uint32Array.from(encode(text, false));
    },

    vocabularySize: [...model.iterateAllTokens()].length,

    nextTokenDistributions(text: string) {
      assertOpen();
      return exclusive(sequences[0]!, async () => {
        const tokens = encode(text, false).slice(0, maxLength);
        const input = [prefixToken, ...tokens.slice(0, -1)];
        const sequence = sequences[0]!;
        const keep = await alignSequence(sequence, input, 0);
        const outputs = await sequence.controlledEvaluate(input.slice(keep).map((token) => [token as Token, { generateNext: { probabilities: true } }] as const) as never);
        const vocabularySize = languageModel.vocabularySize;
        const distributions = outputs.map((output, index) => {
          const probabilities = output?.next.probabilities;
          if (!probabilities) throw new Error(`llama.cpp returned no probabilities for token ${index}`);
          const distribution = new Float32Array(vocabularySize);
          for (const [token, probability] of probabilities) if (token < vocabularySize) distribution[token] = probability;
          return distribution;
        });
        return { tokens: Uint32Array.from(tokens), distributions };
      });
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await context.dispose();
      await model.dispose();
    },
  };

  /** lm-eval `generate_until` with greedy decoding: stop at the first stop string, EOG or the token limit. */
  async function generateGreedy(sequence: LlamaContextSequence, request: GenerateRequest): Promise<string> {
    if (request.temperature !== undefined && request.temperature !== 0) {
      throw new InputError({ code: 'unsupported_option', message: 'the llama.cpp backend generates greedily only; set temperature to 0', location: { field: 'temperature' } });
    }
    const maxTokens = request.maxTokens ?? 256;
    let contextTokens = request.context === '' ? [prefixToken] : encode(request.context, true);
    // lm-eval: keep the last max_length - max_gen_toks context tokens.
    const room = Math.max(1, maxLength - maxTokens);
    if (contextTokens.length > room) contextTokens = contextTokens.slice(contextTokens.length - room);
    const keep = await alignSequence(sequence, contextTokens, contextTokens.length - 1);
    const generated: number[] = [];
    let text = '';
    if (maxTokens > 0) {
      for await (const token of sequence.evaluate(contextTokens.slice(keep) as Token[], { temperature: 0 })) {
        if (model.isEogToken(token)) break;
        generated.push(token);
        text = model.detokenize(generated as Token[], false, contextTokens as Token[]);
        if (generated.length >= maxTokens || request.until.some((stop) => stop !== '' && text.includes(stop))) break;
      }
    }
    for (const stop of request.until) {
      if (stop === '') continue;
      const at = text.indexOf(stop);
      if (at >= 0) text = text.slice(0, at);
    }
    return text;
  }

  return languageModel;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
