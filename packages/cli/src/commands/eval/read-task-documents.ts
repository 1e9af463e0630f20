/**
 * Reads a task's documents for `oellm eval`: Parquet files through @oellm/dataset's reader
 * (Belebele, SIB-200 and ARC-style tables as published), anything else as JSONL through
 * @oellm/eval's reader. The eval package itself stays free of Parquet (DESIGN: the caller
 * passes the dataset package's readers in).
 */
export async function readTaskDocuments(path: string): Promise<Record<string, unknown>[]> {
  if (!/\.parquet$/i.test(path)) return (await import('@oellm/eval')).readJsonLines(path);
  const { readParquetRecords } = await import('@oellm/dataset');
  const rows: Record<string, unknown>[] = [];
  for await (const row of readParquetRecords(path)) rows.push(withPlainNumbers(row));
  return rows;
}

// Parquet INT64 columns arrive as bigint, which templates, JSON results and comparisons with
// numbers in task files do not expect; task data never needs integers beyond 2^53.
function withPlainNumbers(row: Record<string, unknown>): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) converted[key] = typeof value === 'bigint' ? Number(value) : value;
  return converted;
}
