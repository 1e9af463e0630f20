import { createSeededRandom, defaultRandomSeed } from './seeded-random.js';

/**
 * Language sampling probabilities with a temperature: p_lang ∝ n_lang^alpha (alpha = 1 keeps
 * the corpus proportions, alpha = 0 gives every language the same share; XLM-R used 0.3), so
 * small languages are not drowned by large ones when a tokenizer is trained.
 *
 * @example
 * ```ts
 * import { temperatureSamplingProbabilities } from '@oellm/tokenizer';
 * temperatureSamplingProbabilities({ en: 9000, mt: 100 }, 0.3); // { en: 0.79, mt: 0.21 }
 * ```
 */
export function temperatureSamplingProbabilities(counts: Readonly<Record<string, number>>, alpha: number): Record<string, number> {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
  const weights = Object.entries(counts).map(([language, count]) => [language, count > 0 ? count ** alpha : 0] as const);
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  return Object.fromEntries(weights.map(([language, weight]) => [language, total > 0 ? weight / total : 0]));
}

/**
 * Resamples per-language sentences to the temperature-sampling proportions, keeping the total
 * number of sentences: a language above its share gets a seeded random subset, one below it
 * is repeated (whole passes, then a random subset). Deterministic for the same input and seed.
 *
 * @example
 * ```ts
 * import { balanceLanguages, sentencePieceTrainer } from '@oellm/tokenizer';
 * const lines = balanceLanguages({ en: english, mt: maltese, ga: irish }, { alpha: 0.3 });
 * await sentencePieceTrainer.train(lines, { vocabularySize: 32000, modelType: 'bpe' });
 * ```
 */
export function balanceLanguages(sentences: Readonly<Record<string, readonly string[]>>, options: { alpha: number; totalSentences?: number; seed?: number }): string[] {
  const counts = Object.fromEntries(Object.entries(sentences).map(([language, lines]) => [language, lines.length]));
  const probabilities = temperatureSamplingProbabilities(counts, options.alpha);
  const total = options.totalSentences ?? Object.values(counts).reduce((sum, count) => sum + count, 0);
  const random = createSeededRandom(options.seed ?? defaultRandomSeed);
  const result: string[] = [];
  for (const language of Object.keys(sentences).sort()) {
    const lines = sentences[language]!;
    if (lines.length === 0) continue;
    const target = Math.round(probabilities[language]! * total);
    for (let pass = 0; pass < Math.floor(target / lines.length); pass++) result.push(...lines);
    const remainder = target % lines.length;
    // A seeded partial Fisher-Yates shuffle picks the remainder without repetition.
    const indices = Array.from(lines.keys());
    for (let index = 0; index < remainder; index++) {
      const pick = index + Math.floor(random() * (indices.length - index));
      [indices[index], indices[pick]] = [indices[pick]!, indices[index]!];
      result.push(lines[indices[index]!]!);
    }
  }
  return result;
}

/** How many sentences of one language training sees after temperature sampling. */
export interface LanguageSamplingPlan {
  language: string;
  /** Sentences the language has. */
  available: number;
  /** p_lang = n_lang^alpha / Σ n^alpha. */
  probability: number;
  /** round(p_lang × total): whole passes over the language, then a random subset. */
  sampled: number;
}

/**
 * The per-language sentence counts of temperature sampling (p_lang ∝ n_lang^alpha) for a total
 * of `totalSentences` (default: all available sentences), languages in name order.
 *
 * @example
 * ```ts
 * import { planLanguageSampling } from '@oellm/tokenizer';
 * planLanguageSampling({ en: 900, mt: 100 }, { alpha: 0.5 }); // en 750, mt 250 of 1000
 * ```
 */
export function planLanguageSampling(counts: Readonly<Record<string, number>>, options: { alpha: number; totalSentences?: number }): LanguageSamplingPlan[] {
  const probabilities = temperatureSamplingProbabilities(counts, options.alpha);
  const total = options.totalSentences ?? Object.values(counts).reduce((sum, count) => sum + count, 0);
  return Object.keys(counts)
    .sort()
    .map((language) => ({ language, available: counts[language]!, probability: probabilities[language]!, sampled: counts[language]! > 0 ? Math.round(probabilities[language]! * total) : 0 }));
}

/**
 * Streams temperature-sampled sentences without holding a corpus in memory: each language's
 * sentences are read once (`lines(language)` is called once per language with a plan), every
 * sentence is repeated for the whole passes the plan asks for, and the remaining sentences are
 * picked by selection sampling (Knuth's Algorithm S: exactly that many, uniformly, in one pass).
 * `lines` must give the same sentences the plan counted. Deterministic for the same seed.
 *
 * @example
 * ```ts
 * import { planLanguageSampling, sampleLanguageLines } from '@oellm/tokenizer';
 * const plan = planLanguageSampling({ en: 9000, mt: 100 }, { alpha: 0.3 });
 * for await (const line of sampleLanguageLines(plan, (language) => readLines(`${language}.txt`))) count(line);
 * ```
 */
export async function* sampleLanguageLines(plan: readonly LanguageSamplingPlan[], lines: (language: string) => AsyncIterable<string> | Iterable<string>, options: { seed?: number } = {}): AsyncGenerator<string> {
  const copiesOf = createLanguageSampler(plan, options);
  for (const { language, available, sampled } of plan) {
    if (sampled === 0 || available === 0) continue;
    let seen = 0;
    for await (const line of lines(language)) {
      if (seen++ >= available) break;
      for (let copies = copiesOf(language); copies > 0; copies--) yield line;
    }
  }
}

/**
 * The streaming sampler behind {@link sampleLanguageLines}, for sentences of many languages
 * interleaved in one pass (a dataset whose documents carry their language): call it once per
 * sentence, in the order the plan's counting pass saw them; it answers how many times to train on
 * that sentence — the plan's whole passes, plus one for the sentences Algorithm S picks, each
 * language keeping its own count of sentences seen and still wanted. Languages outside the plan,
 * and sentences beyond a language's counted ones, get 0. Deterministic for the same seed and order.
 *
 * @example
 * ```ts
 * import { createLanguageSampler, planLanguageSampling } from '@oellm/tokenizer';
 * const copiesOf = createLanguageSampler(planLanguageSampling({ en: 9000, mt: 100 }, { alpha: 0.3 }));
 * for (const { text, lang } of documents) for (let copy = copiesOf(lang); copy > 0; copy--) train(text);
 * ```
 */
export function createLanguageSampler(plan: readonly LanguageSamplingPlan[], options: { seed?: number } = {}): (language: string) => number {
  const random = createSeededRandom(options.seed ?? defaultRandomSeed);
  const states = new Map(plan.map(({ language, available, sampled }) => [language, { available, passes: available > 0 ? Math.floor(sampled / available) : 0, remaining: available > 0 ? sampled % available : 0, seen: 0 }]));
  return (language) => {
    const state = states.get(language);
    if (state === undefined || state.seen >= state.available) return 0;
    let copies = state.passes;
    // Algorithm S: take this one with probability (still wanted) / (still to come).
    if (state.remaining > 0 && random() * (state.available - state.seen) < state.remaining) {
      state.remaining--;
      copies++;
    }
    state.seen++;
    return copies;
  };
}
