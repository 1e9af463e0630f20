import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { QuarantineRecord } from '../documents/quarantine-record.js';
import { describeFile } from '../manifests/describe-file.js';
import type { ManifestFile } from '../manifests/manifest.js';
import { temporaryPathFor } from './write-file-atomic.js';

/**
 * Records a source could not read, written to a JSONL side file and counted per reason.
 *
 * @example
 * ```ts
 * import { openQuarantineFile, type QuarantineFile } from '@oellm/core';
 * const quarantine: QuarantineFile = openQuarantineFile('out/_quarantine.jsonl');
 * ```
 */
export interface QuarantineFile {
  /** Pass as `SourceReadOptions.quarantine`: appends the record and counts it. */
  readonly add: (record: QuarantineRecord) => void;
  readonly count: number;
  /** Records per reason code (`invalid_json`, `missing_text`, …). */
  readonly reasons: Readonly<Record<string, number>>;
  /** Moves the file into place (nothing is written when no record was quarantined). */
  close(): Promise<void>;
  /** Removes the temporary file. */
  abort(): Promise<void>;
  /** After `close`: the manifest entry (role `quarantine`) and the `quarantined` counts, empty when nothing was quarantined. */
  manifestEntries(): Promise<{ outputs: ManifestFile[]; counts: Record<string, number> }>;
}

/**
 * A quarantine side file (`oellm data ingest`'s `_quarantine.jsonl`, the tokenizer's
 * `OUT.quarantine.jsonl`): one QuarantineRecord (file, line or offset, reason, detail) per line,
 * under a temporary name until `close`, created only when a record arrives, so corrupt records are
 * kept and counted instead of dropped silently.
 *
 * @example
 * ```ts
 * import { openQuarantineFile } from '@oellm/core';
 * const quarantine = openQuarantineFile('out/tokens.ids.quarantine.jsonl');
 * for await (const batch of source.batches({ quarantine: quarantine.add })) use(batch);
 * await quarantine.close();
 * console.log(quarantine.count, quarantine.reasons);
 * ```
 */
export function openQuarantineFile(path: string): QuarantineFile {
  const temporaryPath = temporaryPathFor(path);
  let stream: WriteStream | undefined;
  let failure: Error | undefined;
  let count = 0;
  const reasons: Record<string, number> = {};
  return {
    add: (record) => {
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
        // A file left by an earlier run would describe records this run did not quarantine.
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
    async manifestEntries() {
      if (count === 0) return { outputs: [], counts: {} };
      const counts: Record<string, number> = { quarantined: count };
      for (const [reason, rows] of Object.entries(reasons)) counts[`quarantined:${reason}`] = rows;
      return { outputs: [await describeFile(path, { relativeTo: dirname(path), role: 'quarantine', rows: count })], counts };
    },
  };
}
