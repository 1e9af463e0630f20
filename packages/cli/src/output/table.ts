/**
 * Renders rows as an aligned plain-text table with a header rule. Widths count code points,
 * so Greek and Georgian names line up.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (text: string) => [...text].length;
  const widths = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat(widths[column]! - width(cell)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((size) => '-'.repeat(size))), ...rows.map(line)].join('\n');
}
