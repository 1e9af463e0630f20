import type { EvaluationResult } from '@oellm/core';

function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return value.toExponential(3);
  return magnitude >= 1000 ? value.toFixed(0) : magnitude >= 100 ? value.toFixed(1) : value.toFixed(4);
}

/**
 * A per-language text table: one row per task and language, one column per metric, each
 * cell `value ± standard error`.
 *
 * @example
 * ```ts
 * console.log(formatLanguageTable(report.results)); // { taskColumnTitle: 'model' } to compare models
 * // task             language  bits_per_byte     byte_perplexity  …
 * // udhr-likelihood  mt        4.1021 ± 0.0312   17.17 ± 0.37     …
 * ```
 */
export function formatLanguageTable(rows: readonly EvaluationResult[], options: { taskColumnTitle?: string } = {}): string {
  const metrics = [...new Set(rows.map((row) => row.metric))];
  const keys = [...new Set(rows.map((row) => `${row.task}\u0000${row.language}`))];
  const header = [options.taskColumnTitle ?? 'task', 'language', 'n', ...metrics];
  const body = keys.map((key) => {
    const [task, language] = key.split('\u0000') as [string, string];
    const cells = rows.filter((row) => row.task === task && row.language === language);
    return [
      task,
      language,
      String(Math.max(...cells.map((row) => row.samples))),
      ...metrics.map((metric) => {
        const row = cells.find((cell) => cell.metric === metric);
        if (!row) return '';
        return row.standardError === null ? formatNumber(row.value) : `${formatNumber(row.value)} ± ${formatNumber(row.standardError)}`;
      }),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
