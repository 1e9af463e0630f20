import { InputError, type QuarantineRecord, type SourceReadOptions } from '@oellm/core';

const rawPreviewCharacters = 200;

/**
 * Sends a bad record to the caller's quarantine, or throws it as an `InputError` when the
 * caller gave none (strict mode).
 *
 * @example
 * ```ts
 * import { reportBadRecord } from '@oellm/dataset';
 * reportBadRecord(options, { file: 'a.jsonl', line: 3, reason: 'invalid_json', detail: 'Unexpected token' });
 * ```
 */
export function reportBadRecord(options: SourceReadOptions, record: QuarantineRecord): void {
  if (record.raw !== undefined && record.raw.length > rawPreviewCharacters) record.raw = `${record.raw.slice(0, rawPreviewCharacters)}…`;
  if (options.quarantine) {
    options.quarantine(record);
    return;
  }
  throw new InputError({
    code: record.reason,
    message: `${record.detail ?? record.reason}; fix or remove the record, or run without --strict to quarantine it`,
    location: { file: record.file, ...(record.line !== undefined ? { line: record.line } : { offset: record.offset }) },
  });
}
