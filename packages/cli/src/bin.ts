#!/usr/bin/env node
import { runCli } from './run-cli.js';

// `oellm languages | head` closes the pipe early: that is success, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void runCli(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});
