#!/usr/bin/env node
// Entry point of the root scripts, so `npm run demo` and `npm test` work on a fresh clone
// that has only Node 20 and npm: it finds (or fetches) the pinned pnpm, installs the
// workspace from the lockfile when needed, then runs the task.
//
//   node scripts/run.mjs demo | test | turbo <turbo arguments…>
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.replace(/^pnpm@/, '');
const environment = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: environment, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function pnpmCommand() {
  const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env: environment });
  if (installed.status === 0 && installed.stdout.trim() === pnpmVersion) return ['pnpm'];
  // No matching pnpm on PATH: npm fetches the pinned one (works where corepack's signature check fails).
  return ['npx', '--yes', `pnpm@${pnpmVersion}`];
}

function pnpm(args) {
  const [command, ...prefix] = pnpm.command ??= pnpmCommand();
  run(command, [...prefix, ...args]);
}

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lockfile = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs) return;
  pnpm(['install', '--frozen-lockfile']);
}

const [task, ...rest] = process.argv.slice(2);
ensureInstalled();
switch (task) {
  case 'demo':
    pnpm(['exec', 'turbo', 'run', 'build', '--filter=@oellm/example-quickstart^...', '--output-logs=errors-only']);
    pnpm(['--filter', '@oellm/example-quickstart', 'run', 'demo', ...rest]);
    break;
  case 'test':
    pnpm(['exec', 'turbo', 'run', 'test', '--concurrency=1', ...rest]);
    run(process.execPath, [join(root, 'scripts', 'check-single-package-install.mjs')]);
    break;
  case 'turbo':
    pnpm(['exec', 'turbo', ...rest]);
    break;
  default:
    console.error(`usage: node scripts/run.mjs demo | test | turbo <arguments…> (got '${task ?? ''}')`);
    process.exit(2);
}
