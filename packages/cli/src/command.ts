import type { ParseArgsConfig } from 'node:util';

/**
 * Where a command writes. Tests pass their own to capture output.
 *
 * @example
 * ```ts
 * import { runCli, type CommandIo } from '@oellm/cli';
 * let output = '';
 * const io: CommandIo = { stdout: (text) => void (output += text), stderr: () => {}, interactive: false };
 * await runCli(['languages', '--json'], io);
 * ```
 */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  interactive: boolean;
}

/** The options of a command, in `node:util` `parseArgs` form. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * Parsed command line: option values and positionals.
 *
 * @example
 * ```ts
 * import type { ParsedArguments } from '@oellm/cli';
 * const parsed: ParsedArguments = { values: { json: true }, positionals: ['out/'] };
 * ```
 */
export interface ParsedArguments {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * One `oellm` subcommand. `help` is printed for `--help`; `run` returns the exit code and
 * throws `UsageError`/`InputError` for the user's mistakes (exit 2) and other errors for failures (exit 1).
 *
 * @example
 * ```ts
 * import type { Command } from '@oellm/cli';
 * export const helloCommand: Command = {
 *   name: 'hello', summary: 'Say hello', help: 'Usage: oellm hello [--name NAME]',
 *   options: { name: { type: 'string' } },
 *   async run(parsed, io) { io.stdout(`Hello ${parsed.values['name'] ?? 'Europe'}\n`); return 0; },
 * };
 * ```
 */
export interface Command {
  name: string;
  summary: string;
  help: string;
  options: CommandOptions;
  allowPositionals?: boolean;
  run(parsed: ParsedArguments, io: CommandIo): Promise<number>;
}

/**
 * A group of subcommands (`oellm data ingest`, `oellm data stats`).
 *
 * @example
 * ```ts
 * import type { CommandGroup } from '@oellm/cli';
 * const data: CommandGroup = {
 *   name: 'data',
 *   summary: 'Read, clean and write corpora',
 *   commands: { stats: async () => (await import('./commands/data/stats.js')).statsCommand },
 * };
 * ```
 */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: Record<string, () => Promise<Command>>;
  /** The command run when the group is called with no subcommand name (`oellm quantize --input …`). */
  defaultCommand?: string;
}
