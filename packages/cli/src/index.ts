/**
 * @oellm/cli — the `oellm` command. The library entry runs it in-process (tests, scripts).
 */
export { runCli, processIo } from './run-cli.js';
export type { Command, CommandGroup, CommandIo, ParsedArguments } from './command.js';
