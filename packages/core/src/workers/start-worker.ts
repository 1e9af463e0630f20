import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

// A worker inherits this process's flags, and three kinds break it: the monorepo's
// `@oellm/source` condition (a built worker would import TypeScript sources), inline-code flags
// (`node -e`, `--input-type`: a worker with a file entry fails with ERR_INPUT_TYPE_NOT_ALLOWED),
// and — once flags are passed explicitly — per-process and V8 flags such as
// `--max-old-space-size`, which Node refuses in a worker's execArgv (ERR_WORKER_INVALID_EXEC_ARGV).
// So: inherit when nothing needs removing; otherwise pass the rest, minus what Node refuses.

const flagsWithValue = new Set(['--conditions', '-C', '--input-type', '-e', '--eval', '-p', '--print']);

function isSourceCondition(value: string | undefined): boolean {
  return value === '@oellm/source';
}

/**
 * The flags a worker running a built file should get from `execArgv`: undefined means "inherit
 * them all" (nothing to remove); otherwise the kept flags.
 *
 * @example
 * ```ts
 * import { workerExecArgv } from '@oellm/core';
 * workerExecArgv(['--conditions=@oellm/source', '--enable-source-maps']); // ['--enable-source-maps']
 * workerExecArgv(['--enable-source-maps']); // undefined: inherit
 * ```
 */
export function workerExecArgv(execArgv: readonly string[]): string[] | undefined {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index++) {
    const flag = execArgv[index]!;
    if (flagsWithValue.has(flag)) {
      const value = execArgv[index + 1];
      index++;
      if ((flag === '--conditions' || flag === '-C') && !isSourceCondition(value)) kept.push(flag, value!);
      continue;
    }
    const [name, value] = flag.split('=', 2) as [string, string | undefined];
    if ((name === '--conditions' || name === '-C') && !isSourceCondition(value)) kept.push(flag);
    else if (!flagsWithValue.has(name)) kept.push(flag);
  }
  return kept.length === execArgv.length ? undefined : kept;
}

/**
 * Starts a worker thread on a built entry file with {@link workerExecArgv}'s flags, dropping any
 * flag Node refuses for workers (named in its ERR_WORKER_INVALID_EXEC_ARGV message) and retrying,
 * so `node --max-old-space-size=… -e …` scripts and test runners can all start the package's workers.
 *
 * @example
 * ```ts
 * import { startWorker } from '@oellm/core';
 * const worker = startWorker(new URL('./encode-worker.js', import.meta.url), { workerData: { model } });
 * ```
 */
export function startWorker(entry: URL | string, options: WorkerOptions = {}): Worker {
  let execArgv = options.execArgv ?? workerExecArgv(process.execArgv);
  for (;;) {
    try {
      return new Worker(entry, execArgv === undefined ? options : { ...options, execArgv });
    } catch (error) {
      const refused = refusedFlags(error);
      if (!execArgv || refused.length === 0) throw error;
      const remaining = execArgv.filter((flag) => !refused.includes(flag));
      if (remaining.length === execArgv.length) throw error;
      execArgv = remaining;
    }
  }
}

function refusedFlags(error: unknown): string[] {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return [];
  const list = error.message.split(':').slice(1).join(':');
  return list.split(',').map((flag) => flag.trim()).filter((flag) => flag !== '');
}

/**
 * The built worker entry `fileName` beside the module at `moduleUrl` (pass `import.meta.url`), or
 * undefined when it does not exist — as when a package runs from its TypeScript sources (tests in
 * the monorepo), where callers then do the work on the calling thread.
 *
 * @example
 * ```ts
 * import { builtWorkerEntry } from '@oellm/core';
 * const entry = builtWorkerEntry('encode-worker.js', import.meta.url); // URL | undefined
 * ```
 */
export function builtWorkerEntry(fileName: string, moduleUrl: string | URL): URL | undefined {
  // Bundlers may hand modules URLs that are not files (or cannot be a base at all): no worker then.
  const base = String(moduleUrl);
  const url = URL.canParse(`./${fileName}`, base) ? new URL(`./${fileName}`, base) : undefined;
  return url?.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}
