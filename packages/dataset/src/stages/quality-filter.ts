import type { DocumentStageV1 } from '@oellm/core';
import type { Data, Utf8 } from 'apache-arrow';
import { partitionBatch } from '../arrow/take-rows.js';
import { utf8ColumnValues } from '../arrow/utf8-column-values.js';
import { gopherDefaults, gopherStopWords, gopherVerdict, type GopherThresholds } from './gopher-rules.js';
import { textsOf } from './text-column.js';
import { withStageRecipe } from '../parallel/stage-recipes.js';

/**
 * Options of {@link createQualityFilterStage}.
 *
 * @example
 * ```ts
 * import type { QualityFilterOptions } from '@oellm/dataset';
 * const options: QualityFilterOptions = { thresholds: { minWords: 20 }, languages: { fi: { maxMeanWordLength: 14 } } };
 * ```
 */
export interface QualityFilterOptions {
  /** Overrides of {@link gopherDefaults} for every language. */
  thresholds?: GopherThresholds;
  /** Further overrides per language code (`lang` column). */
  languages?: Record<string, GopherThresholds>;
  /** Stop words per language (default: Gopher's English list). */
  stopWords?: Record<string, readonly string[]>;
}

/**
 * Gopher/FineWeb-style quality filtering with thresholds per language: documents breaking a
 * rule are dropped with the rule's reason (`gopher:too_few_words`, `gopher:duplicate_lines`, …).
 *
 * @example
 * ```ts
 * import { createQualityFilterStage } from '@oellm/dataset';
 * const stage = createQualityFilterStage({ languages: { fi: { maxMeanWordLength: 14 } } });
 * ```
 */
export function createQualityFilterStage(options: QualityFilterOptions = {}): DocumentStageV1 {
  const base = { ...gopherDefaults, ...options.thresholds };
  const stopWords = { ...gopherStopWords, ...options.stopWords };
  const perLanguage = new Map<string, GopherThresholds>();
  const thresholdsFor = (lang: string | null) => {
    if (lang === null || !options.languages?.[lang]) return base;
    let merged = perLanguage.get(lang);
    if (!merged) perLanguage.set(lang, (merged = { ...base, ...options.languages[lang] }));
    return merged;
  };
  return withStageRecipe({
    specificationVersion: 'v1',
    name: 'quality-filter',
    process(batch) {
      const texts = textsOf(batch);
      const langs = batch.getChild('lang')?.data.flatMap((chunk) => utf8ColumnValues(chunk as Data<Utf8>)) ?? [];
      const verdicts = texts.map((text, row) => {
        const lang = langs[row] ?? null;
        return gopherVerdict(text, thresholdsFor(lang), lang === null ? undefined : stopWords[lang]);
      });
      return partitionBatch(batch, verdicts);
    },
  }, { kind: 'quality-filter', options });
}
