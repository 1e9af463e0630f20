/**
 * @oellm/eval — per-language evaluation of multilingual LLMs with lm-evaluation-harness semantics:
 * metrics (BLEU, chrF, chrF++ reproducing sacreBLEU 2.x; acc, acc_norm, perplexities, bits per byte),
 * and an in-process llama.cpp LanguageModel.
 */
export { createBleu, computeBleu, corpusStatistics, sumStatistics, countReferences, bleuStatisticsWidth } from './metrics/bleu.js';
export type { Bleu, BleuOptions, BleuScore, BleuSmoothing, BleuTokenizer } from './metrics/bleu.js';
export { createChrf } from './metrics/chrf.js';
export type { Chrf, ChrfOptions, ChrfScore } from './metrics/chrf.js';
export { tokenize13a } from './metrics/tokenize-13a.js';
export { formatSignature, sacrebleuCompatibleVersion } from './metrics/signature.js';
export { bootstrapCorpusScore, defaultBootstrapSeed, type BootstrapEstimate } from './metrics/bootstrap.js';
export {
  accuracy,
  normalizedAccuracy,
  perplexity,
  wordPerplexity,
  bytePerplexity,
  bitsPerByte,
  mean,
  sampleStandardDeviation,
  meanStandardError,
  scoreMultipleChoice,
  type WeightedLoglikelihood,
} from './metrics/harness-metrics.js';
export { bleuMetric, chrfMetric, chrfPlusPlusMetric, type TranslationItem } from './metrics/translation-metrics.js';
export { countRegexWords } from './metrics/python-text.js';
export { createLlamaCppModel, type LlamaCppModel, type LlamaCppModelOptions } from './models/llama-cpp-model.js';
export { rollingTokenWindows, makeDisjointWindow, type TokenWindow } from './models/rolling-token-windows.js';
export { moveTrailingWhitespace, encodePair } from './models/split-context.js';
export { checkGgufFile } from './models/check-gguf-file.js';
export { evalPackage } from './package-version.js';
export { builtinMetrics, getMetric } from './tasks/metric-registry.js';
export { createParallelTextTask, parallelTextMetrics, type TextDocument } from './tasks/parallel-text-task.js';
export { createUdhrTask, readUdhrArticles, udhrTaskName } from './tasks/udhr-task.js';
export { createFloresTask } from './tasks/flores-task.js';
export { createDataTask, loadTaskFile, type DataTaskOptions } from './tasks/data-task.js';
export { validateTaskDefinition, type TaskDefinition, type TaskOutputType } from './tasks/task-definition.js';
export { renderTemplate, resolveField, readPath, type TemplateLocation } from './tasks/template.js';
export { readJsonLines } from './tasks/read-json-lines.js';
export { createCachedModel, requestKey, type CachedLanguageModel, type CacheStatistics } from './evaluation/cached-model.js';
export { aggregateSamples } from './evaluation/aggregate-samples.js';
export { toHarnessResults } from './evaluation/harness-results.js';
export { formatLanguageTable } from './evaluation/language-table.js';
export { runEvaluation, type RunEvaluationOptions, type EvaluationReport } from './evaluation/run-evaluation.js';
export { klDivergence } from './comparison/kl-divergence.js';
export { compareModels, type ComparisonRow, type DivergenceRow, type DistributionModel } from './comparison/compare-models.js';
export { createOpenAiCompletionsModel, type OpenAiCompletionsModelOptions } from './models/openai-completions-model.js';
export { createPythonRandom, MersenneTwister, type PythonRandom } from './tasks/python-random.js';
