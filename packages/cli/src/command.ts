import type { ParseArgsConfig } from 'node:util';

/** Where a command writes. Tests pass their own to capture output. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  interactive: boolean;
}

/** The options of a command, in `node:util` `parseArgs` form. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** Parsed command line: option values and positionals. */
export interface ParsedArguments {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * One `oellm` subcommand. `help` is printed for `--help`; `run` returns the exit code and
 * throws `UsageError`/`InputError` for the user's mistakes (exit 2) and other errors for failures (exit 1).
 */
export interface Command {
  name: string;
  summary: string;
  help: string;
  options: CommandOptions;
  allowPositionals?: boolean;
  run(parsed: ParsedArguments, io: CommandIo): Promise<number>;
}

/** A group of subcommands (`oellm data ingest`, `oellm data stats`). */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: Record<string, () => Promise<Command>>;
  /** The command run when the group is called with no subcommand name (`oellm quantize --input …`). */
  defaultCommand?: string;
}
