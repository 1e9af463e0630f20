import type { SourceReadOptions } from '@oellm/core';
import type { DocumentBatchBuilder } from '../arrow/document-batch-builder.js';
import { reportBadRecord } from './quarantine.js';
import { mapRecord } from './record-mapping.js';

/**
 * Maps one row of a table input (Parquet, non-document Arrow IPC) onto the document schema and
 * appends it, or quarantines it with its 1-based row number as `line`.
 */
export function appendTableRow(builder: DocumentBatchBuilder, row: unknown, path: string, rowNumber: number, defaultSource: string | null, readOptions: SourceReadOptions): void {
  const mapped = mapRecord(row, `${path}:${rowNumber}`, defaultSource);
  if (!mapped.ok) {
    reportBadRecord(readOptions, { file: path, line: rowNumber, reason: mapped.reason, detail: `row ${rowNumber}: ${mapped.detail}` });
    return;
  }
  builder.append(mapped.id, mapped.text, mapped.lang, mapped.source, mapped.url, mapped.metadata);
}
