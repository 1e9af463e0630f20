import { isUtf8 } from 'node:buffer';
import type { DocumentSourceV1, SourceReadOptions } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import { DocumentBatchBuilder } from '../arrow/document-batch-builder.js';
import { decompressedChunks, StreamDamage, type ZstdDecoder } from './decompressed-chunks.js';
import { reportBadRecord } from './quarantine.js';
import { mapRecord } from './record-mapping.js';

/**
 * Options of {@link createJsonlSource}.
 *
 * @example
 * ```ts
 * import type { JsonlSourceOptions } from '@oellm/dataset';
 * const options: JsonlSourceOptions = { source: 'hplt-v2', maxBatchBytes: 16 << 20 };
 * ```
 */
export interface JsonlSourceOptions {
  /** Written to the `source` column of records without one (default: none). */
  source?: string;
  /** Cut a batch early once its columns hold this many bytes (default 8 MiB): bounds memory for long documents. */
  maxBatchBytes?: number;
  /** Called with decompressed bytes read, for progress in MB/s. */
  onBytesRead?: (bytes: number) => void;
  /** Longest line read (default 64 MiB); longer ones are quarantined as `line_too_long` without being held in memory. */
  maxLineBytes?: number;
  /** The zstd decoder for `.zst` files (default `auto`: the `zstd` command if installed, else fzstd). */
  zstdDecoder?: ZstdDecoder;
}

const defaultBatchSize = 8192;
const defaultMaxBatchBytes = 8 << 20;
const defaultMaxLineBytes = 64 << 20;
const newline = 0x0a;

/**
 * Reads a JSONL file (plain, `.gz` or `.zst`, HPLT v2 or generic records) as a stream of
 * record batches in the document schema, line by line with bounded memory.
 *
 * Bad lines are quarantined with their file, 1-based line, decompressed byte offset and a
 * reason: `invalid_utf8`, `invalid_json`, `missing_text`, `not_an_object`, `line_too_long`; a damaged
 * compressed stream ends the file with `truncated_zstd_frame`, `invalid_zstd`,
 * `truncated_gzip` or `invalid_gzip`. Blank lines are not records.
 *
 * @example
 * ```ts
 * import { createJsonlSource } from '@oellm/dataset';
 * const source = createJsonlSource('hplt/mt_1.jsonl.zst');
 * for await (const batch of source.batches({ quarantine: (record) => console.warn(record) })) console.log(batch.numRows);
 * ```
 */
export function createJsonlSource(path: string, options: JsonlSourceOptions = {}): DocumentSourceV1 {
  return {
    specificationVersion: 'v1',
    name: `jsonl:${path}`,
    batches: (readOptions) => readJsonl(path, options, readOptions ?? {}),
  };
}

async function* readJsonl(path: string, options: JsonlSourceOptions, readOptions: SourceReadOptions): AsyncGenerator<RecordBatch> {
  const batchSize = Math.max(1, readOptions.batchSize ?? defaultBatchSize);
  const maxBatchBytes = options.maxBatchBytes ?? defaultMaxBatchBytes;
  const builder = new DocumentBatchBuilder();
  const defaultSource = options.source ?? null;
  let lineNumber = 0;
  // Decompressed offset of the first byte of `carry`.
  let offset = 0;
  let carry: Buffer | null = null;
  // Bytes of an overlong line being skipped (0 when not skipping).
  let skippedBytes = 0;
  const maxLineBytes = Math.max(1, options.maxLineBytes ?? defaultMaxLineBytes);

  const handleLine = (line: Buffer, lineOffset: number): void => {
    lineNumber++;
    let end = line.length;
    if (end > 0 && line[end - 1] === 0x0d) end--;
    let start = 0;
    while (start < end && (line[start] === 0x20 || line[start] === 0x09)) start++;
    if (start === end) return;
    const bytes = line.subarray(start, end);
    if (!isUtf8(bytes)) {
      reportBadRecord(readOptions, { file: path, line: lineNumber, offset: lineOffset, reason: 'invalid_utf8', detail: 'the line is not valid UTF-8', raw: bytes.toString('latin1') });
      return;
    }
    const text = bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      reportBadRecord(readOptions, { file: path, line: lineNumber, offset: lineOffset, reason: 'invalid_json', detail: `not valid JSON (${(error as Error).message})`, raw: text });
      return;
    }
    const mapped = mapRecord(value, `${path}:${lineNumber}`, defaultSource);
    if (!mapped.ok) {
      reportBadRecord(readOptions, { file: path, line: lineNumber, offset: lineOffset, reason: mapped.reason, detail: mapped.detail, raw: text });
      return;
    }
    builder.append(mapped.id, mapped.text, mapped.lang, mapped.source, mapped.url, mapped.metadata);
  };

  const full = () => builder.rows >= batchSize || builder.bytes >= maxBatchBytes;
  const emitted: RecordBatch[] = [];
  try {
    for await (const chunk of decompressedChunks(path, { ...(options.onBytesRead ? { onBytes: options.onBytesRead } : {}), ...(options.zstdDecoder ? { zstdDecoder: options.zstdDecoder } : {}) })) {
      readOptions.signal?.throwIfAborted();
      let position = 0;
      const buffer = chunk;
      let bufferOffset = offset;
      if (carry !== null || skippedBytes > 0) {
        const firstNewline = chunk.indexOf(newline);
        if (firstNewline === -1) {
          // A line longer than maxLineBytes is never held in memory: it is skipped and quarantined.
          if (skippedBytes > 0 || carry!.length + chunk.length > maxLineBytes) {
            skippedBytes += (carry?.length ?? 0) + chunk.length;
            carry = null;
          } else {
            carry = Buffer.concat([carry!, chunk]);
          }
          continue;
        }
        if (skippedBytes > 0) {
          lineNumber++;
          const length = skippedBytes + firstNewline;
          reportBadRecord(readOptions, { file: path, line: lineNumber, offset, reason: 'line_too_long', detail: `the line is ${length} bytes, more than the ${maxLineBytes} allowed (maxLineBytes); is this a JSONL file?` });
          offset += length + 1;
          skippedBytes = 0;
        } else {
          // Only the line that spans two chunks is copied.
          const line = Buffer.concat([carry!, chunk.subarray(0, firstNewline)]);
          handleLine(line, offset);
          offset += line.length + 1;
          carry = null;
        }
        position = firstNewline + 1;
        bufferOffset = offset - position;
        if (full()) emitted.push(builder.finish());
      }
      for (;;) {
        const next = buffer.indexOf(newline, position);
        if (next === -1) break;
        handleLine(buffer.subarray(position, next), bufferOffset + position);
        position = next + 1;
        if (full()) emitted.push(builder.finish());
      }
      offset = bufferOffset + position;
      if (position < buffer.length) carry = Buffer.from(buffer.subarray(position));
      while (emitted.length > 0) yield emitted.shift()!;
    }
    if (carry !== null) {
      handleLine(carry, offset);
      carry = null;
    }
    if (skippedBytes > 0) {
      lineNumber++;
      reportBadRecord(readOptions, { file: path, line: lineNumber, offset, reason: 'line_too_long', detail: `the last line is ${skippedBytes} bytes, more than the ${maxLineBytes} allowed (maxLineBytes)` });
    }
  } catch (error) {
    if (!(error instanceof StreamDamage)) throw error;
    // Everything decoded before the damage is kept; the unfinished line is part of the damage.
    reportBadRecord(readOptions, {
      file: path,
      line: lineNumber + 1,
      offset,
      reason: error.reason,
      detail: `${error.message}; ${carry === null ? 'no' : carry.length} decoded bytes of an unfinished line were lost`,
    });
  }
  while (emitted.length > 0) yield emitted.shift()!;
  if (builder.rows > 0) yield builder.finish();
}
