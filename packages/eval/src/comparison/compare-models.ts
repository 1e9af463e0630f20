import { InputError, type EvaluationResult, type LanguageModelV1, type TaskV1 } from '@oellm/core';
import { mean, meanStandardError } from '../metrics/harness-metrics.js';
import { runEvaluation } from '../evaluation/run-evaluation.js';
import { klDivergence } from './kl-divergence.js';

/** A model that can give next-token distributions (the llama.cpp backend can). */
export interface DistributionModel extends LanguageModelV1 {
  readonly vocabularySize: number;
  nextTokenDistributions(text: string): Promise<{ tokens: Uint32Array; distributions: Float32Array[] }>;
}

/** One metric of one task and language on both models. */
export interface ComparisonRow {
  task: string;
  language: string;
  metric: string;
  reference: number;
  candidate: number;
  /** candidate − reference. */
  delta: number;
}

/** Mean KL divergence of the candidate's next-token distributions from the reference's, per language. */
export interface DivergenceRow {
  language: string;
  /** Mean over predicted tokens, in nats. */
  meanKlDivergence: number;
  /** Standard error over tokens (sample stddev / √n). */
  standardError: number | null;
  tokens: number;
}

/**
 * Runs the same tasks on a reference model (say F16) and a candidate (say its Q4_K_M) and reports
 * per-language metric deltas, plus the KL divergence of next-token distributions on parallel text
 * — the numbers to check before shipping a quantized model.
 *
 * @example
 * ```ts
 * import { compareModels, createUdhrTask, readUdhrArticles } from '@oellm/eval';
 * const comparison = await compareModels({ reference, candidate, tasks: [createUdhrTask()], languages: ['mt'], limit: 5,
 *   divergenceTexts: { mt: (await readUdhrArticles('mlt')).slice(0, 5) } });
 * ```
 */
export async function compareModels(options: {
  reference: LanguageModelV1;
  candidate: LanguageModelV1;
  tasks: readonly TaskV1[];
  languages?: readonly string[];
  limit?: number;
  outputDirectory?: string;
  /** Texts per language to compute KL divergence on; needs both models to give distributions. */
  divergenceTexts?: Record<string, readonly string[]>;
}): Promise<{ rows: ComparisonRow[]; divergence: DivergenceRow[]; reference: EvaluationResult[]; candidate: EvaluationResult[] }> {
  const run = (model: LanguageModelV1, name: string) =>
    runEvaluation({ model, tasks: options.tasks, languages: options.languages, limit: options.limit, outputDirectory: options.outputDirectory ? `${options.outputDirectory}/${name}` : undefined });
  const referenceReport = await run(options.reference, 'reference');
  const candidateReport = await run(options.candidate, 'candidate');
  const rows: ComparisonRow[] = referenceReport.results.map((row) => {
    const other = candidateReport.results.find((candidate) => candidate.task === row.task && candidate.language === row.language && candidate.metric === row.metric)!;
    return { task: row.task, language: row.language, metric: row.metric, reference: row.value, candidate: other.value, delta: other.value - row.value };
  });
  const divergence: DivergenceRow[] = [];
  if (options.divergenceTexts) {
    const reference = options.reference as Partial<DistributionModel>;
    const candidate = options.candidate as Partial<DistributionModel>;
    if (!reference.nextTokenDistributions || !candidate.nextTokenDistributions) {
      throw new InputError({ code: 'unsupported_model', message: 'KL divergence needs next-token distributions from both models (use the llama.cpp backend)' });
    }
    if (reference.vocabularySize !== candidate.vocabularySize) {
      throw new InputError({ code: 'tokenizer_mismatch', message: `the models have different vocabularies (${reference.vocabularySize} and ${candidate.vocabularySize} tokens); KL divergence compares models that share a tokenizer` });
    }
    for (const [language, texts] of Object.entries(options.divergenceTexts)) {
      const values: number[] = [];
      for (const text of texts) {
        const a = await reference.nextTokenDistributions(text);
        const b = await candidate.nextTokenDistributions(text);
        if (a.tokens.join() !== b.tokens.join()) {
          throw new InputError({ code: 'tokenizer_mismatch', message: `the models tokenize a ${language} text differently; KL divergence compares models that share a tokenizer` });
        }
        a.distributions.forEach((distribution, index) => values.push(klDivergence(distribution, b.distributions[index]!)));
      }
      divergence.push({ language, meanKlDivergence: values.length ? mean(values) : Number.NaN, standardError: values.length > 1 ? meanStandardError(values) : null, tokens: values.length });
    }
  }
  return { rows, divergence, reference: referenceReport.results, candidate: candidateReport.results };
}
