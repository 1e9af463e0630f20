import type { TokenizerV1 } from '@oellm/core';

/** Per-language figures of a {@link FairnessReport}. */
export interface LanguageFairness {
  /** Registry code when the name is a known language (`de`), else the name itself. */
  language: string;
  /** File or key the text came from (`deu_Latn`). */
  name: string;
  lines: number;
  words: number;
  tokens: number;
  bytes: number;
  characters: number;
  /** Tokens per whitespace-separated word. */
  fertility: number;
  /** Share of distinct-in-context words split into two or more tokens (each word encoded alone). */
  continuedWordProportion: number;
  bytesPerToken: number;
  charactersPerToken: number;
  /** Tokens relative to the reference language on the same parallel lines (Petrov et al. 2023). */
  premium: number | null;
  /** Share of tokens that are byte-fallback pieces (`<0xAB>`). */
  byteFallbackRate: number;
  /** Share of tokens that are the unknown id. */
  unknownRate: number;
}

/** What a tokenizer costs each language on parallel text. */
export interface FairnessReport {
  tokenizer: string;
  vocabularySize: number;
  /** The language premiums are relative to (`en`), or null if it was not among the inputs. */
  reference: string | null;
  languages: LanguageFairness[];
  /** The largest premium, and its language. */
  maximumPremium: { language: string; premium: number } | null;
  /** Gini coefficient of the premiums (0: every language pays the same). */
  premiumGini: number | null;
}

/** Options of {@link computeFairnessReport}. */
export interface FairnessReportOptions {
  /** Name of the reference language among the inputs (default: the one that resolves to English). */
  reference?: string;
}

const bytePiecePattern = /^<0x[0-9A-F]{2}>$/;

/**
 * Measures, per language of line-aligned parallel text, how many tokens the tokenizer spends.
 *
 * @example
 * ```ts
 * import { computeFairnessReport, formatFairnessTable } from '@oellm/tokenizer';
 * const report = computeFairnessReport(tokenizer, [
 *   { name: 'eng_Latn', language: 'en', lines: english },
 *   { name: 'mlt_Latn', language: 'mt', lines: maltese },
 * ]);
 * console.log(formatFairnessTable(report));
 * ```
 */
export function computeFairnessReport(tokenizer: TokenizerV1, inputs: readonly { name: string; language?: string; lines: readonly string[] }[], options: FairnessReportOptions = {}): FairnessReport {
  const isBytePiece = byteFallbackIds(tokenizer);
  const unknownId = tokenizer.specialIds.unknown;
  const languages = inputs.map((input): LanguageFairness => {
    let words = 0;
    let tokens = 0;
    let bytes = 0;
    let characters = 0;
    let byteTokens = 0;
    let unknownTokens = 0;
    let continued = 0;
    const wordTokens = new Map<string, number>();
    for (const line of input.lines) {
      const ids = tokenizer.encode(line);
      tokens += ids.length;
      bytes += Buffer.byteLength(line, 'utf8');
      for (const _ of line) characters++;
      for (const id of ids) {
        if (isBytePiece?.[id]) byteTokens++;
        if (id === unknownId) unknownTokens++;
      }
      for (const word of line.split(/\s+/u)) {
        if (word === '') continue;
        words++;
        let count = wordTokens.get(word);
        if (count === undefined) wordTokens.set(word, (count = tokenizer.encode(word).length));
        if (count > 1) continued++;
      }
    }
    return {
      language: input.language ?? input.name,
      name: input.name,
      lines: input.lines.length,
      words,
      tokens,
      bytes,
      characters,
      fertility: ratio(tokens, words),
      continuedWordProportion: ratio(continued, words),
      bytesPerToken: ratio(bytes, tokens),
      charactersPerToken: ratio(characters, tokens),
      premium: null,
      byteFallbackRate: ratio(byteTokens, tokens),
      unknownRate: ratio(unknownTokens, tokens),
    };
  });
  const referenceName = options.reference ?? languages.find((entry) => entry.language === 'en')?.language;
  const reference = languages.find((entry) => entry.language === referenceName || entry.name === referenceName);
  if (reference) for (const entry of languages) entry.premium = ratio(entry.tokens, reference.tokens);
  const premiums = languages.filter((entry) => entry.premium !== null);
  const maximum = premiums.reduce<LanguageFairness | undefined>((best, entry) => (best === undefined || entry.premium! > best.premium! ? entry : best), undefined);
  return {
    tokenizer: tokenizer.name,
    vocabularySize: tokenizer.vocabularySize,
    reference: reference?.language ?? null,
    languages,
    maximumPremium: maximum ? { language: maximum.language, premium: maximum.premium! } : null,
    premiumGini: premiums.length > 0 ? giniCoefficient(premiums.map((entry) => entry.premium!)) : null,
  };
}

/**
 * Gini coefficient: the mean absolute difference of all pairs over twice the mean.
 *
 * @example
 * ```ts
 * giniCoefficient([1, 1, 1]); // 0
 * giniCoefficient([0, 0, 1]); // 0.6667
 * ```
 */
export function giniCoefficient(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  if (n === 0 || mean === 0) return 0;
  // Sorted form of sum_i sum_j |x_i - x_j| / (2 n^2 mean), in O(n log n).
  const sorted = [...values].sort((left, right) => left - right);
  let weighted = 0;
  for (let index = 0; index < n; index++) weighted += (2 * (index + 1) - n - 1) * sorted[index]!;
  return weighted / (n * n * mean);
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function byteFallbackIds(tokenizer: TokenizerV1): Uint8Array | undefined {
  if (!tokenizer.idToPiece) return undefined;
  const flags = new Uint8Array(tokenizer.vocabularySize);
  for (let id = 0; id < tokenizer.vocabularySize; id++) if (bytePiecePattern.test(tokenizer.idToPiece(id))) flags[id] = 1;
  return flags;
}

/**
 * The report as an aligned text table, one row per language, sorted by premium.
 *
 * @example
 * ```ts
 * console.log(formatFairnessTable(report));
 * ```
 */
export function formatFairnessTable(report: FairnessReport): string {
  const header = ['language', 'tokens', 'fertility', 'continued', 'bytes/tok', 'chars/tok', 'premium', 'byte-fb', 'unk'];
  const rows = [...report.languages]
    .sort((left, right) => (right.premium ?? 0) - (left.premium ?? 0) || left.language.localeCompare(right.language))
    .map((entry) => [
      entry.language,
      String(entry.tokens),
      entry.fertility.toFixed(2),
      percent(entry.continuedWordProportion),
      entry.bytesPerToken.toFixed(2),
      entry.charactersPerToken.toFixed(2),
      entry.premium === null ? '-' : entry.premium.toFixed(2),
      percent(entry.byteFallbackRate),
      percent(entry.unknownRate),
    ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (cells: string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const lines = [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render)];
  const summary = report.maximumPremium
    ? `max premium ${report.maximumPremium.premium.toFixed(2)} (${report.maximumPremium.language}) vs ${report.reference}; Gini of premiums ${report.premiumGini!.toFixed(3)}`
    : 'no reference language among the inputs: premiums not computed';
  return `${lines.join('\n')}\n${summary}\n`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
