import { UsageError } from '@oellm/core';
import type { Command } from '../../command.js';
import { renderTable } from '../../output/table.js';

export const statsCommand: Command = {
  name: 'stats',
  summary: "Summarise a dataset directory from its manifest: rows, bytes, languages, drops, quarantine",
  help: `Usage: oellm data stats DIR [--json]

Reads DIR/manifest.json (written by \`oellm data ingest\`) and prints rows and bytes, rows per
language, rows dropped per reason and records quarantined.

Options:
  --json    print JSON: { rows, bytes, languages: {code: rows}, dropped: {reason: rows}, quarantined, … }
  --help    show this help`,
  allowPositionals: true,
  options: { json: { type: 'boolean' } },
  async run(parsed, io) {
    const directory = parsed.positionals[0];
    if (directory === undefined || parsed.positionals.length > 1) throw new UsageError({ code: 'missing_inputs', message: 'give exactly one dataset directory. Run `oellm data stats --help`.' });
    const { readDatasetStats } = await import('@oellm/dataset');
    const stats = await readDatasetStats(directory);
    if (parsed.values['json']) {
      io.stdout(`${JSON.stringify(stats, null, 2)}\n`);
      return 0;
    }
    const languages = Object.entries(stats.languages).sort((a, b) => b[1] - a[1]);
    io.stdout(`${directory}: ${stats.rows} rows in ${stats.shards} ${stats.format} shards, ${(stats.bytes / 1e6).toFixed(2)} MB\n\n`);
    io.stdout(`${renderTable(['language', 'rows', 'share'], languages.map(([code, rows]) => [code, String(rows), `${((100 * rows) / Math.max(1, stats.rows)).toFixed(1)}%`]))}\n\n`);
    const dropped = Object.entries(stats.dropped);
    io.stdout(`documents in: ${stats.documentsIn}\nkept: ${stats.rows}\ndropped: ${dropped.reduce((sum, [, rows]) => sum + rows, 0)}${dropped.length > 0 ? ` (${dropped.map(([reason, rows]) => `${reason} ${rows}`).join(', ')})` : ''}\n`);
    const reasons = Object.entries(stats.quarantinedByReason);
    io.stdout(`quarantined: ${stats.quarantined}${reasons.length > 0 ? ` (${reasons.map(([reason, rows]) => `${reason} ${rows}`).join(', ')})` : ''}\n`);
    return 0;
  },
};
