/**
 * Runs `work` over `count` items with `workers` concurrent workers, each bound to one worker index
 * (for llama.cpp: one context sequence). Items are taken in order; results land at their index, so
 * output order never depends on timing. Stops at the first error or when `signal` aborts.
 *
 * @example
 * ```ts
 * const squares = await runPool(4, 2, async (index) => index * index); // [0, 1, 4, 9]
 * ```
 */
export async function runPool<Result>(
  count: number,
  workers: number,
  work: (index: number, worker: number) => Promise<Result>,
  signal?: AbortSignal,
): Promise<Result[]> {
  const results = new Array<Result>(count);
  let next = 0;
  let failed = false;
  const loop = async (worker: number) => {
    while (!failed && next < count) {
      signal?.throwIfAborted();
      const index = next++;
      try {
        results[index] = await work(index, worker);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, count)) }, (_, worker) => loop(worker)));
  return results;
}
