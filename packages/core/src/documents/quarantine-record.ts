/**
 * A record set aside because it could not be read: written to a quarantine side file and
 * counted in the manifest, never dropped silently.
 *
 * @example
 * ```ts
 * import type { QuarantineRecord } from '@oellm/core';
 * const record: QuarantineRecord = { file: 'shard_1.jsonl.zst', line: 41, reason: 'invalid_json', detail: 'Unexpected end of JSON input' };
 * ```
 */
export interface QuarantineRecord {
  /** The input file. */
  file: string;
  /** 1-based line number, for line-oriented inputs. */
  line?: number;
  /** 0-based byte offset in the decompressed stream, where known. */
  offset?: number;
  /** A stable reason code: `invalid_json`, `invalid_utf8`, `missing_text`, `truncated_zstd_frame`, … */
  reason: string;
  /** A human-readable explanation. */
  detail?: string;
  /** The start of the raw record (truncated), for a human to inspect. */
  raw?: string;
}
