import { writeFileAtomic } from '@oellm/core';
import type { Command } from '../../command.js';
import { requiredStringOptions, stringOption } from '../../option-values.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Fairness report: what a tokenizer costs each language on parallel text (fertility, premium, Gini)',
  help: `Usage: oellm tokenizer report --model M.model --parallel DIR [--out REPORT.json] [--reference en] [--json]

Encodes line-aligned parallel text (FLORES-200's dev directory, or any directory with one
file per language) and reports per language: fertility (tokens per word), proportion of
continued words, bytes and characters per token, premium vs the reference language
(Petrov et al. 2023), byte-fallback and unknown rates; across languages the maximum premium
and the Gini coefficient of the premiums.

Options:
  --model M.model     the SentencePiece model
  --parallel DIR      directory of line-aligned files, one per language (deu_Latn.dev, mt.txt, …)
  --out REPORT.json   also write the report as JSON
  --reference CODE    language premiums are relative to (default: English)
  --json              print JSON instead of the table
  --help              show this help`,
  options: { model: { type: 'string' }, parallel: { type: 'string' }, out: { type: 'string' }, reference: { type: 'string' }, json: { type: 'boolean' } },
  async run(parsed, io) {
    const { model, parallel } = requiredStringOptions(parsed, ['model', 'parallel'], 'oellm tokenizer report');
    const out = stringOption(parsed, 'out');
    const reference = stringOption(parsed, 'reference');
    const { computeFairnessReport, formatFairnessTable, loadSentencePieceTokenizer, readParallelDirectory } = await import('@oellm/tokenizer');
    const tokenizer = await loadSentencePieceTokenizer(model);
    const texts = await readParallelDirectory(parallel);
    const report = computeFairnessReport(tokenizer, texts, reference ? { reference } : {});
    if (out) await writeFileAtomic(out, `${JSON.stringify(report, null, 2)}\n`);
    io.stdout(parsed.values['json'] ? `${JSON.stringify(report, null, 2)}\n` : formatFairnessTable(report));
    return 0;
  },
};
