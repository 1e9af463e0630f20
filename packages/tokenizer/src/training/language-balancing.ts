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
  let state = options.seed ?? 12345678;
  const random = (): number => {
    // mulberry32
    let value = (state = (state + 0x6d2b79f5) | 0);
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
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
