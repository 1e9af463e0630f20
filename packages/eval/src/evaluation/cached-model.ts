import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sha256Hex, type LanguageModelCallOptions, type LanguageModelV1, type ProgressListener } from '@oellm/core';

/** Hits and misses of a {@link createCachedModel} wrapper. */
export interface CacheStatistics {
  hits: number;
  misses: number;
}

/** A LanguageModel that answers repeated requests from a cache file. */
export interface CachedLanguageModel extends LanguageModelV1 {
  readonly statistics: CacheStatistics;
}

type Method = 'loglikelihood' | 'loglikelihoodRolling' | 'generate';

/**
 * The cache key of one request: sha256 of the model id, the method and the request's JSON.
 *
 * @example
 * ```ts
 * requestKey('gguf-sha256:ab…', 'loglikelihood', { context: 'a', continuation: ' b' });
 * ```
 */
export function requestKey(modelId: string, method: Method, request: unknown): string {
  return sha256Hex(JSON.stringify([modelId, method, request]));
}

/**
 * Wraps a model with a request cache in an append-only JSONL file (`{"key","value"}` a line):
 * requests already answered are not sent again, new answers are appended every `chunkSize`
 * (default 16) requests, so an interrupted run resumes where it stopped. A torn last line is ignored.
 *
 * @example
 * ```ts
 * import { createCachedModel } from '@oellm/eval';
 * const cached = await createCachedModel(model, 'out/cache/requests.jsonl');
 * await cached.loglikelihood(requests); // a second run reads them back
 * ```
 */
export async function createCachedModel(
  model: LanguageModelV1,
  cacheFile: string,
  options: { chunkSize?: number; progress?: ProgressListener } = {},
): Promise<CachedLanguageModel> {
  const chunkSize = options.chunkSize ?? 16;
  const cache = new Map<string, unknown>();
  const existing = await readFile(cacheFile, 'utf8').catch(() => '');
  for (const line of existing.split('\n')) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as { key?: unknown; value?: unknown };
      if (typeof entry.key === 'string' && entry.value !== undefined) cache.set(entry.key, entry.value);
    } catch {
      // A line torn by an interrupted write: its request is simply computed again.
    }
  }
  await mkdir(dirname(cacheFile), { recursive: true });
  // A torn last line must not glue onto the next entry.
  if (existing !== '' && !existing.endsWith('\n')) await appendFile(cacheFile, '\n');
  const statistics: CacheStatistics = { hits: 0, misses: 0 };

  async function cached<Request, Result>(method: Method, requests: readonly Request[], call: (batch: Request[], callOptions: LanguageModelCallOptions) => Promise<Result[]>, callOptions?: LanguageModelCallOptions): Promise<Result[]> {
    const keys = requests.map((request) => requestKey(model.modelId, method, request));
    const results = new Array<Result>(requests.length);
    const missing: number[] = [];
    keys.forEach((key, index) => {
      if (cache.has(key)) results[index] = cache.get(key) as Result;
      else missing.push(index);
    });
    statistics.hits += requests.length - missing.length;
    const progress = callOptions?.progress ?? options.progress;
    const task = `${method}`;
    progress?.({ type: 'start', task, unit: 'requests', total: requests.length });
    let completed = requests.length - missing.length;
    progress?.({ type: 'advance', task, completed, total: requests.length });
    try {
      for (let start = 0; start < missing.length; start += chunkSize) {
        callOptions?.signal?.throwIfAborted();
        const chunk = missing.slice(start, start + chunkSize);
        const answers = await call(chunk.map((index) => requests[index]!), { signal: callOptions?.signal });
        let lines = '';
        chunk.forEach((index, offset) => {
          const value = answers[offset]!;
          results[index] = value;
          cache.set(keys[index]!, value);
          lines += `${JSON.stringify({ key: keys[index], value })}\n`;
        });
        await appendFile(cacheFile, lines);
        statistics.misses += chunk.length;
        completed += chunk.length;
        progress?.({ type: 'advance', task, completed, total: requests.length });
      }
    } finally {
      progress?.({ type: 'end', task });
    }
    return results;
  }

  return {
    specificationVersion: 'v1',
    modelId: model.modelId,
    maxBatchSize: model.maxBatchSize,
    statistics,
    loglikelihood: (requests, callOptions) => cached('loglikelihood', requests, (batch, o) => model.loglikelihood(batch, o), callOptions),
    loglikelihoodRolling: (requests, callOptions) => cached('loglikelihoodRolling', requests, (batch, o) => model.loglikelihoodRolling(batch, o), callOptions),
    generate: (requests, callOptions) => cached('generate', requests, (batch, o) => model.generate(batch, o), callOptions),
    ...(model.tokenize ? { tokenize: (text: string) => model.tokenize!(text) } : {}),
    ...(model.close ? { close: () => model.close!() } : {}),
  };
}
