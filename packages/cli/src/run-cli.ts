import { parseArgs } from 'node:util';
import { closestMatches, InputError, OellmError, UsageError } from '@oellm/core';
import type { Command, CommandIo } from './command.js';
import { cliVersion } from './package-version.js';
import { commands, groups, summaries } from './registry.js';

const mainHelp = () => `oellm ${cliVersion} — build open multilingual European LLMs

Usage: oellm <command> [options]

Commands:
${summaries.map(([name, summary]) => `  ${name.padEnd(12)}${summary}`).join('\n')}

Options:
  --help       show help (also after any command: oellm languages --help)
  --version    print the version

Exit codes: 0 ok, 1 failed, 2 bad usage or input.
Documentation: https://github.com/oellm/oellm#readme`;

/**
 * The default terminal I/O: the process's stdout and stderr.
 *
 * @example
 * ```ts
 * import { processIo, runCli } from '@oellm/cli';
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY) && !process.env['CI'],
  };
}

/**
 * Runs the `oellm` command line and returns the exit code: 0 ok, 1 failed, 2 bad usage or input.
 * Never throws: errors are printed to stderr as one actionable line.
 *
 * @example
 * ```ts
 * import { runCli } from '@oellm/cli';
 * const exitCode = await runCli(['languages', '--json']);
 * ```
 */
export async function runCli(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  try {
    return await dispatch([...argv], io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(argv: string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(`${mainHelp()}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${cliVersion}\n`);
    return 0;
  }
  const loader = commands[first];
  if (loader) return runCommand(await loader(), rest, io, `oellm ${first}`);
  const group = groups[first];
  if (group) {
    const [subcommand, ...groupRest] = rest;
    const groupHelp = () =>
      `Usage: oellm ${group.name} <command> [options]\n\n${group.summary}\n\nCommands:\n${Object.keys(group.commands)
        .map((name) => `  oellm ${group.name} ${name}`)
        .join('\n')}\n\nRun \`oellm ${group.name} <command> --help\` for a command's options.`;
    if (subcommand === '--help' || subcommand === '-h' || (subcommand === undefined && !group.defaultCommand)) {
      io.stdout(`${groupHelp()}\n`);
      return subcommand === undefined ? 2 : 0;
    }
    const subLoader = subcommand === undefined ? undefined : group.commands[subcommand];
    if (subLoader) return runCommand(await subLoader(), groupRest, io, `oellm ${group.name} ${subcommand}`);
    const fallback = group.defaultCommand ? group.commands[group.defaultCommand] : undefined;
    if (fallback && (subcommand === undefined || subcommand.startsWith('-'))) return runCommand(await fallback(), rest, io, `oellm ${group.name}`);
    throw new UsageError({ code: 'unknown_command', message: `unknown command 'oellm ${group.name} ${subcommand}'.${didYouMean(subcommand ?? '', Object.keys(group.commands))} Run \`oellm ${group.name} --help\` to list its commands.` });
  }
  throw new UsageError({ code: 'unknown_command', message: `unknown command '${first}'.${didYouMean(first, [...Object.keys(commands), ...Object.keys(groups)])} Run \`oellm --help\` to list the commands.` });
}

function didYouMean(query: string, candidates: string[]): string {
  const matches = closestMatches(query, candidates);
  return matches.length > 0 ? ` Did you mean ${matches.map((match) => `'${match}'`).join(' or ')}?` : '';
}

async function runCommand(command: Command, argv: string[], io: CommandIo, invocation: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`${command.help}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
  } catch (error) {
    throw new UsageError({ code: 'bad_arguments', message: `${(error as Error).message.replace(/\. To specify.*$/s, '')}. Run \`${invocation} --help\` for the options.`, cause: error });
  }
  return command.run({ values: parsed.values as Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: parsed.positionals }, io);
}

function reportError(error: unknown, io: CommandIo): number {
  if (OellmError.isInstance(error)) {
    io.stderr(`error: ${error.message}\n`);
    if (process.env['OELLM_DEBUG'] && error.stack) io.stderr(`${error.stack}\n`);
    return UsageError.isInstance(error) || InputError.isInstance(error) || error.kind !== 'failure' ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`error: ${message}\n`);
  if (process.env['OELLM_DEBUG'] && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  else io.stderr('This looks like a bug in oellm; rerun with OELLM_DEBUG=1 for details and report it.\n');
  return 1;
}
