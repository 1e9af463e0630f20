import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { builtWorkerEntry, startWorker, workerExecArgv } from '../src/index.js';
import { pathToFileURL } from 'node:url';

describe('workerExecArgv', () => {
  it('inherits (undefined) when nothing needs removing', () => {
    expect(workerExecArgv([])).toBeUndefined();
    expect(workerExecArgv(['--enable-source-maps', '--conditions=development', '-C', 'custom'])).toBeUndefined();
  });

  it('drops the @oellm/source condition in every spelling and keeps other conditions', () => {
    expect(workerExecArgv(['--conditions=@oellm/source', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(workerExecArgv(['--conditions', '@oellm/source', '-C', 'development'])).toEqual(['-C', 'development']);
    expect(workerExecArgv(['-C=@oellm/source'])).toEqual([]);
  });

  it('drops inline-code flags and their values', () => {
    expect(workerExecArgv(['--input-type=module', '--eval', 'console.log(1)', '--no-warnings'])).toEqual(['--no-warnings']);
    expect(workerExecArgv(['--input-type', 'module', '-e', 'x', '-p', 'y', '--print=z'])).toEqual([]);
  });
});

describe('startWorker', () => {
  const directory = mkdtempSync(join(tmpdir(), 'oellm-start-worker-'));
  const entry = join(directory, 'echo-worker.mjs');
  writeFileSync(entry, "import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage({ got: workerData, argv: process.execArgv });\n");

  it('starts a worker on a file entry and passes worker data', async () => {
    const worker = startWorker(entry, { workerData: 42 });
    const [message] = await once(worker, 'message');
    expect(message.got).toBe(42);
    await worker.terminate();
  });

  it('drops per-process flags that Node refuses in a worker (ERR_WORKER_INVALID_EXEC_ARGV) and keeps the rest', async () => {
    const worker = startWorker(entry, { execArgv: ['--max-old-space-size=4000', '--stack-size=900', '--no-warnings'] });
    const [message] = await once(worker, 'message');
    expect(message.argv).toEqual(['--no-warnings']);
    await worker.terminate();
  });

  it('still throws errors that are not about refused flags', () => {
    expect(() => startWorker(join(directory, 'missing.mjs'), { execArgv: ['--max-old-space-size=4000'], workerData: () => 0 })).toThrow(/could not be cloned/);
  });
});

describe('builtWorkerEntry', () => {
  it('finds a file beside the module, and gives undefined when it is absent', () => {
    const directory = mkdtempSync(join(tmpdir(), 'oellm-built-worker-'));
    writeFileSync(join(directory, 'present-worker.js'), '');
    const moduleUrl = pathToFileURL(join(directory, 'index.js'));
    expect(builtWorkerEntry('present-worker.js', moduleUrl)?.href).toBe(pathToFileURL(join(directory, 'present-worker.js')).href);
    expect(builtWorkerEntry('absent-worker.js', moduleUrl)).toBeUndefined();
    expect(builtWorkerEntry('worker.js', 'data:text/javascript,')).toBeUndefined();
    expect(builtWorkerEntry('worker.js', 'https://example.org/package/index.js')).toBeUndefined();
  });
});
