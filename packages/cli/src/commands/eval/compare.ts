import { getLanguage, selectLanguages, UsageError } from '@oellm/core';
import type { Command } from '../../command.js';
import { createProgressBars } from '../../output/progress-bar.js';
import { integerOption, listOption, requiredStringOptions, stringOption } from '../../option-values.js';

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Math.abs(value) >= 1e6 ? value.toExponential(3) : value.toFixed(4);
}

export const evalCompareCommand: Command = {
  name: 'compare',
  summary: 'Compare two GGUF models (e.g. F16 and its Q4_K_M): per-language deltas and KL divergence',
  help: `Usage: oellm eval compare --reference A.gguf --candidate B.gguf [--tasks udhr-likelihood] [--languages SELECTION] [--limit N] [--out DIR] [--json]

Runs the same tasks on both models and prints, per language and metric, the reference value, the
candidate value and their difference; then the mean KL divergence KL(reference ‖ candidate) of the
next-token distributions on the UDHR articles of each language (the models must share a tokenizer).

Options:
  --reference A.gguf     the reference model (for example the F16 one)
  --candidate B.gguf     the model to check (for example its quantisation)
  --tasks LIST           built-in task names (default udhr-likelihood)
  --languages SELECTION  all, eu24, or codes such as de,fr,mt (default eu24)
  --limit N              documents per task and language, also the UDHR articles for KL (default 5)
  --out DIR              also write both models' results under DIR/reference and DIR/candidate
  --json                 print {"rows", "divergence"} as JSON
  --help                 show this help`,
  options: {
    reference: { type: 'string' },
    candidate: { type: 'string' },
    tasks: { type: 'string' },
    languages: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(parsed, io) {
    const { reference: referencePath, candidate: candidatePath } = requiredStringOptions(parsed, ['reference', 'candidate'], 'oellm eval compare');
    const limit = integerOption(parsed, 'limit', { minimum: 1 }, 5);
    const evaluation = await import('@oellm/eval');
    const taskNames = listOption(parsed, 'tasks');
    if (taskNames.length === 0) taskNames.push(evaluation.udhrTaskName);
    const tasks = taskNames.map((name) => {
      if (name !== evaluation.udhrTaskName) throw new UsageError({ code: 'unknown_task', message: `compare runs built-in tasks only so far; "${name}" is not one (use ${evaluation.udhrTaskName})` });
      return evaluation.createUdhrTask();
    });
    const udhr = evaluation.createUdhrTask();
    const languages = selectLanguages(stringOption(parsed, 'languages') ?? 'eu24')
      .map((language) => language.code)
      .filter((code) => udhr.languages.includes(code));
    const progress = createProgressBars(io);
    const reference = await evaluation.createLlamaCppModel({ modelPath: referencePath });
    try {
      const candidate = await evaluation.createLlamaCppModel({ modelPath: candidatePath });
      try {
        const divergenceTexts: Record<string, string[]> = {};
        for (const code of languages) divergenceTexts[code] = (await evaluation.readUdhrArticles(getLanguage(code).udhr!)).slice(0, limit);
        progress({ type: 'message', level: 'info', message: `comparing ${candidatePath} with ${referencePath}` });
        const comparison = await evaluation.compareModels({ reference, candidate, tasks, languages, limit, outputDirectory: stringOption(parsed, 'out'), divergenceTexts });
        if (parsed.values['json']) {
          io.stdout(`${JSON.stringify({ reference: referencePath, candidate: candidatePath, rows: comparison.rows, divergence: comparison.divergence }, null, 2)}\n`);
          return 0;
        }
        const lines = ['language  metric           reference      candidate      delta'];
        for (const row of comparison.rows) {
          lines.push(`${row.language.padEnd(8)}  ${row.metric.padEnd(15)}  ${formatNumber(row.reference).padStart(12)}  ${formatNumber(row.candidate).padStart(12)}  ${formatNumber(row.delta).padStart(10)}`);
        }
        lines.push('', 'language  KL(reference ‖ candidate) nats/token  tokens');
        for (const row of comparison.divergence) {
          lines.push(`${row.language.padEnd(8)}  ${formatNumber(row.meanKlDivergence).padStart(10)}${row.standardError === null ? '' : ` ± ${formatNumber(row.standardError)}`}  ${String(row.tokens).padStart(14)}`);
        }
        io.stdout(`${lines.join('\n')}\n`);
      } finally {
        await candidate.close();
      }
    } finally {
      await reference.close();
    }
    return 0;
  },
};
