import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import { temporaryPathFor, type QuarantineRecord } from '@oellm/core';

/**
 * A JSONL side file of quarantined records (`_quarantine.jsonl`), written under a temporary
 * name and renamed on `close`, with counts per reason.
 *
 * @example
 * ```ts
 * import { openQuarantineFile } from '@oellm/dataset';
 * const quarantine = openQuarantineFile('out/_quarantine.jsonl');
 * quarantine.add({ file: 'a.jsonl', line: 3, reason: 'invalid_json' });
 * await quarantine.close();
 * ```
 */
export function openQuarantineFile(path: string): { add(record: QuarantineRecord): void; readonly count: number; readonly reasons: Record<string, number>; close(): Promise<void>; abort(): Promise<void> } {
  const temporaryPath = temporaryPathFor(path);
  let stream: WriteStream | undefined;
  let count = 0;
  let failure: Error | undefined;
  const reasons: Record<string, number> = {};
  return {
    add(record) {
      if (!stream) {
        stream = createWriteStream(temporaryPath);
        stream.on('error', (error) => (failure ??= error));
      }
      stream.write(`${JSON.stringify(record)}\n`);
      count++;
      reasons[record.reason] = (reasons[record.reason] ?? 0) + 1;
    },
    get count() {
      return count;
    },
    reasons,
    async close() {
      if (!stream) {
        await rm(path, { force: true });
        return;
      }
      stream.end();
      await once(stream, 'close');
      if (failure) throw failure;
      await rename(temporaryPath, path);
    },
    async abort() {
      stream?.destroy();
      await rm(temporaryPath, { force: true });
    },
  };
}
