import { readFile } from 'node:fs/promises';
import { InputError, UsageError } from '@oellm/core';
import type { Command } from '../../command.js';
import { choiceOption, integerOption, requiredStringOptions } from '../../option-values.js';

async function readLines(path: string, role: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new InputError({ code: 'missing_file', message: `cannot read the ${role} file`, location: { file: path }, cause });
  });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

export const evalScoreCommand: Command = {
  name: 'score',
  summary: 'Score translations with BLEU, chrF or chrF++ exactly as sacreBLEU 2.x',
  help: `Usage: oellm eval score --metric bleu|chrf|chrf++ --hypotheses FILE --references FILE [--references FILE]… [--bootstrap N] [--json]

Scores line-aligned hypotheses against one or more line-aligned reference files with sacreBLEU 2.x
defaults (BLEU: 13a tokenisation, exp smoothing; chrF: character order 6, beta 2; chrF++: plus word
order 2) and prints the score with its sacreBLEU-style signature.

Options:
  --metric NAME         bleu, chrf or chrf++
  --hypotheses FILE     system output, one segment a line
  --references FILE     a reference file, one segment a line (repeat for several references)
  --lowercase           case-insensitive scoring
  --bootstrap N         also estimate a standard error from N bootstrap resamples (seed 12345)
  --json                print {"metric", "score", "signature", …} as JSON
  --help                show this help`,
  options: {
    metric: { type: 'string' },
    hypotheses: { type: 'string' },
    references: { type: 'string', multiple: true },
    lowercase: { type: 'boolean' },
    bootstrap: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(parsed, io) {
    const { hypotheses: hypothesesPath } = requiredStringOptions(parsed, ['metric', 'hypotheses'], 'oellm eval score');
    const referencePaths = (parsed.values['references'] as string[] | undefined) ?? [];
    if (referencePaths.length === 0) throw new UsageError({ code: 'missing_option', message: 'give at least one --references FILE. Run `oellm eval score --help`.' });
    const metricName = choiceOption(parsed, 'metric', ['bleu', 'chrf', 'chrf++'], 'bleu'); // given: checked as required above
    const resamples = integerOption(parsed, 'bootstrap', { minimum: 2 });
    const lowercase = Boolean(parsed.values['lowercase']);

    const hypotheses = await readLines(hypothesesPath, 'hypotheses');
    const references: string[][] = [];
    for (const path of referencePaths) {
      const lines = await readLines(path, 'references');
      if (lines.length !== hypotheses.length) {
        throw new InputError({
          code: 'length_mismatch',
          message: `has ${lines.length} lines but ${hypothesesPath} has ${hypotheses.length}; hypotheses and references must be line-aligned`,
          location: { file: path },
        });
      }
      references.push(lines);
    }
    const evaluation = await import('@oellm/eval');
    const instance = metricName === 'bleu' ? evaluation.createBleu({ lowercase }) : evaluation.createChrf({ lowercase, wordOrder: metricName === 'chrf++' ? 2 : 0 });
    const statistics = evaluation.corpusStatistics(hypotheses, references, instance.segmentStatistics);
    const summed = evaluation.sumStatistics(statistics);
    const score = instance.scoreFromStatistics(summed);
    const estimate = resamples ? evaluation.bootstrapCorpusScore(statistics, (sums) => instance.scoreFromStatistics(sums).score, { resamples }) : undefined;
    const signature = instance.signature(references.length, estimate ? { resamples: estimate.resamples, seed: estimate.seed } : undefined);
    const name = 'verbose' in score ? 'BLEU' : (score as { name: string }).name;
    const verbose = 'verbose' in score ? (score as { verbose: string }).verbose : undefined;
    if (parsed.values['json']) {
      const body: Record<string, unknown> = { metric: metricName, name, score: score.score, signature };
      if (verbose) body.verbose_score = verbose;
      if (estimate) Object.assign(body, { standardError: estimate.standardError, confidence_mean: estimate.mean, confidence_var: estimate.confidenceHalfWidth });
      io.stdout(`${JSON.stringify(body, null, 1)}\n`);
      return 0;
    }
    let line = `${name}|${signature} = ${score.score.toFixed(2)}`;
    if (estimate) line += ` (μ = ${estimate.mean.toFixed(2)} ± ${estimate.confidenceHalfWidth.toFixed(2)}, standard error ${estimate.standardError.toFixed(2)})`;
    if (verbose) line += ` ${verbose}`;
    io.stdout(`${line}\n`);
    return 0;
  },
};
