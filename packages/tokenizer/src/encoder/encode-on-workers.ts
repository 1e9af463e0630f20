import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A chunk of texts sent to a worker, and what comes back. */
export interface EncodeRequest {
  modelBytes: Uint8Array;
  texts: readonly string[];
}
export interface EncodeResponse {
  ids?: Uint32Array[];
  error?: string;
}

/**
 * The worker entry beside this module in the built package (`dist/encode-worker.js`). When
 * running from TypeScript sources (tests in the monorepo) it does not exist and callers encode
 * on the calling thread instead.
 */
export function workerEntry(): URL | undefined {
  const url = new URL('./encode-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Encodes `texts` on up to `threads` workers, each loading the model from `modelBytes`, and
 * returns the ids in input order; undefined when no worker entry is available.
 */
export async function encodeOnWorkers(modelBytes: Uint8Array, texts: readonly string[], threads: number): Promise<Uint32Array[] | undefined> {
  const entry = workerEntry();
  if (!entry) return undefined;
  const workerCount = Math.max(1, Math.min(threads, Math.ceil(texts.length / 32)));
  const chunkSize = Math.ceil(texts.length / workerCount);
  const chunks: Promise<Uint32Array[]>[] = [];
  for (let index = 0; index < workerCount; index++) {
    const request: EncodeRequest = { modelBytes, texts: texts.slice(index * chunkSize, (index + 1) * chunkSize) };
    chunks.push(runWorker(entry, request));
  }
  return (await Promise.all(chunks)).flat();
}

function runWorker(entry: URL, request: EncodeRequest): Promise<Uint32Array[]> {
  return new Promise((resolve, reject) => {
    // The worker runs built JavaScript: drop `--conditions` flags (the monorepo's source
    // condition would make it import TypeScript sources it cannot load).
    const worker = new Worker(entry, { workerData: request, execArgv: withoutConditionFlags(process.execArgv) });
    worker.once('message', (response: EncodeResponse) => {
      void worker.terminate();
      if (response.error !== undefined || !response.ids) reject(new Error(`encode worker failed: ${response.error}`));
      else resolve(response.ids);
    });
    worker.once('error', reject);
  });
}

function withoutConditionFlags(flags: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < flags.length; index++) {
    const flag = flags[index]!;
    if (flag === '--conditions' || flag === '-C') index++;
    else if (!flag.startsWith('--conditions=') && !flag.startsWith('-C=')) kept.push(flag);
  }
  return kept;
}
