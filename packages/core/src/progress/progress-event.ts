/**
 * The unit a progress count is in; the CLI picks how to draw rates (rows/s, MB/s).
 *
 * @example
 * ```ts
 * import type { ProgressUnit } from '@oellm/core';
 * const unit: ProgressUnit = 'bytes';
 * ```
 */
export type ProgressUnit = 'rows' | 'bytes' | 'documents' | 'tokens' | 'tensors' | 'requests' | 'steps' | 'files';

/**
 * One progress event. Libraries emit them and stay quiet; the CLI draws bars from them.
 * `task` names the piece of work (`ingest`, `em-round-3`), so several bars can run at once.
 *
 * @example
 * ```ts
 * import type { ProgressEvent } from '@oellm/core';
 * const events: ProgressEvent[] = [
 *   { type: 'start', task: 'count', unit: 'bytes', total: 1_000_000 },
 *   { type: 'advance', task: 'count', completed: 500_000 },
 *   { type: 'end', task: 'count' },
 * ];
 * ```
 */
export type ProgressEvent =
  | { type: 'start'; task: string; unit: ProgressUnit; total?: number; label?: string }
  | { type: 'advance'; task: string; completed: number; total?: number; secondary?: { unit: ProgressUnit; completed: number } }
  | { type: 'end'; task: string }
  | { type: 'message'; level: 'info' | 'warning'; message: string };

/**
 * Receives progress events. Must be cheap: it is called from hot loops (at most a few times a second
 * per task is the norm, see {@link createProgressThrottle}).
 *
 * @example
 * ```ts
 * import type { ProgressListener } from '@oellm/core';
 * const log: ProgressListener = (event) => { if (event.type === 'message') console.error(event.message); };
 * ```
 */
export type ProgressListener = (event: ProgressEvent) => void;

/**
 * Wraps a listener so `advance` events of a task reach it at most every `intervalMs` milliseconds;
 * `start`, `end` and messages always pass, and the final count is never lost.
 *
 * @example
 * ```ts
 * import { createProgressThrottle } from '@oellm/core';
 * const progress = createProgressThrottle((event) => draw(event), 100);
 * for (let row = 0; row < rows; row++) progress({ type: 'advance', task: 'rows', completed: row + 1 });
 * ```
 */
export function createProgressThrottle(listener: ProgressListener | undefined, intervalMs = 100): ProgressListener {
  if (!listener) return () => {};
  const lastSent = new Map<string, number>();
  const pending = new Map<string, ProgressEvent>();
  return (event) => {
    if (event.type !== 'advance') {
      if (event.type === 'end') {
        const last = pending.get(event.task);
        if (last) listener(last);
        pending.delete(event.task);
        lastSent.delete(event.task);
      }
      listener(event);
      return;
    }
    const now = Date.now();
    if (now - (lastSent.get(event.task) ?? 0) >= intervalMs) {
      lastSent.set(event.task, now);
      pending.delete(event.task);
      listener(event);
    } else {
      pending.set(event.task, event);
    }
  };
}
