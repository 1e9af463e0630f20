import type { LanguageModelV1, SampleResult, TaskRunOptions, TaskV1 } from '@oellm/core';
import { countRegexWords } from '../metrics/python-text.js';

/** One text to score, with a stable id. */
export interface TextDocument {
  id: string;
  text: string;
}

/**
 * The metrics a parallel-text likelihood task reports: tokenizer-independent, so models compare fairly.
 *
 * @example
 * ```ts
 * import { parallelTextMetrics } from '@oellm/eval';
 * for (const metric of parallelTextMetrics) console.log(metric); // bits_per_byte, byte_perplexity, word_perplexity
 * ```
 */
export const parallelTextMetrics = ['bits_per_byte', 'byte_perplexity', 'word_perplexity'] as const;

/**
 * A likelihood task over line- or article-aligned text: each document is scored with
 * `loglikelihoodRolling`, and samples carry lm-eval's (loglikelihood, bytes) and (loglikelihood,
 * words) pairs for bits per byte, byte perplexity and word perplexity.
 *
 * @example
 * ```ts
 * const task = createParallelTextTask({ name: 'my-text', version: '1', languages: ['mt'], documents: async () => [{ id: '1', text: 'Bonġu' }] });
 * const samples = await task.evaluate(model, { language: 'mt' });
 * ```
 */
export function createParallelTextTask(options: {
  name: string;
  version: string;
  languages: readonly string[];
  documents: (language: string) => Promise<readonly TextDocument[]>;
}): TaskV1 {
  return {
    specificationVersion: 'v1',
    name: options.name,
    version: options.version,
    languages: options.languages,
    metrics: parallelTextMetrics,
    async evaluate(model: LanguageModelV1, run: TaskRunOptions): Promise<SampleResult[]> {
      let documents = await options.documents(run.language);
      if (run.limit !== undefined) documents = documents.slice(0, run.limit);
      const results = await model.loglikelihoodRolling(
        documents.map((document) => ({ text: document.text })),
        { signal: run.signal },
      );
      return documents.map((document, index) => {
        const { logLikelihood, tokenCount } = results[index]!;
        const bytes = Buffer.byteLength(document.text, 'utf8');
        const words = countRegexWords(document.text);
        const sample: SampleResult = {
          documentId: document.id,
          language: run.language,
          values: { bits_per_byte: [logLikelihood, bytes], byte_perplexity: [logLikelihood, bytes], word_perplexity: [logLikelihood, words] },
          record: { text: document.text, logLikelihood, tokens: tokenCount, bytes, words },
        };
        run.onSample?.(sample);
        return sample;
      });
    },
  };
}
