import type { CustomBatchingPrioritizationStrategy } from 'node-llama-cpp';

/**
 * A node-llama-cpp batching strategy that decodes one queued evaluation (one context sequence) per
 * batch, highest priority first, so several sequences can evaluate concurrently and still get the
 * right probabilities.
 *
 * Why: when one llama.cpp batch holds tokens of several sequences, `llama_decode` may emit the
 * outputs in another order and records swaps that `output_reorder()` applies lazily, on the first
 * `llama_get_logits*` call (llama.cpp src/llama-context.cpp). node-llama-cpp 3.21.1 samples every
 * sequence of a batch on its own libuv thread (AddonContextSampleTokenWorker), so two threads can
 * apply those swaps at once and read rows that belong to another token — wrong probabilities, up
 * to tens of nats, for a few requests in a thousand. A batch of one sequence has no swaps, and its
 * tokens are sampled one after another.
 *
 * @example
 * ```ts
 * const context = await model.createContext({ sequences: 4, batching: { itemPrioritizationStrategy: oneSequencePerBatch } });
 * ```
 */
export const oneSequencePerBatch: CustomBatchingPrioritizationStrategy = ({ items, size }) => {
  let chosen = items[0];
  for (const item of items) if (chosen === undefined || item.evaluationPriority > chosen.evaluationPriority) chosen = item;
  return chosen === undefined ? [] : [{ item: chosen, processAmount: Math.min(chosen.tokens.length, size) }];
};
