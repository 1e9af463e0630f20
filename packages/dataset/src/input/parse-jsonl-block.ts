import { isUtf8 } from 'node:buffer';
import type { QuarantineRecord } from '@oellm/core';
import type { RecordBatch } from 'apache-arrow';
import { DocumentBatchBuilder } from '../arrow/document-batch-builder.js';
import type { JsonlBlock } from './jsonl-blocks.js';
import { mapRecord } from './record-mapping.js';

/**
 * What {@link parseJsonlBlock} made of a block: its documents and its bad lines, in line order.
 *
 * @example
 * ```ts
 * import type { ParsedJsonlBlock } from '@oellm/dataset';
 * const parsed: ParsedJsonlBlock = parseJsonlBlock(block, null);
 * ```
 */
export interface ParsedJsonlBlock {
  batch: RecordBatch;
  bad: QuarantineRecord[];
}

const newline = 0x0a;
// reportBadRecord shortens raw text to 200 characters and an ellipsis; 201 keeps that result
// identical while a bad multi-megabyte line is not copied between threads.
const rawCharactersKept = 201;

/**
 * Parses a block of JSONL lines (UTF-8 check, JSON.parse, record mapping) into one
 * document-schema record batch. The same function runs inline and on parser threads, so both
 * give the same batches.
 *
 * @example
 * ```ts
 * import { parseJsonlBlock } from '@oellm/dataset';
 * const { batch, bad } = parseJsonlBlock({ type: 'block', path: 'a.jsonl', bytes, firstLine: 1, firstOffset: 0 }, 'my-corpus');
 * ```
 */
export function parseJsonlBlock(block: JsonlBlock, defaultSource: string | null): ParsedJsonlBlock {
  const { path, bytes: blockBytes } = block;
  const buffer = Buffer.from(blockBytes.buffer, blockBytes.byteOffset, blockBytes.length);
  const builder = new DocumentBatchBuilder();
  const bad: QuarantineRecord[] = [];
  let lineNumber = block.firstLine;
  let position = 0;
  while (position < buffer.length) {
    let next = buffer.indexOf(newline, position);
    if (next === -1) next = buffer.length;
    const offset = block.firstOffset + position;
    let end = next;
    if (end > position && buffer[end - 1] === 0x0d) end--;
    let start = position;
    while (start < end && (buffer[start] === 0x20 || buffer[start] === 0x09)) start++;
    if (start < end) {
      const bytes = buffer.subarray(start, end);
      if (!isUtf8(bytes)) {
        bad.push({ file: path, line: lineNumber, offset, reason: 'invalid_utf8', detail: 'the line is not valid UTF-8', raw: bytes.subarray(0, rawCharactersKept).toString('latin1') });
      } else {
        const text = bytes.toString('utf8');
        let value: unknown;
        let parsed = true;
        try {
          value = JSON.parse(text);
        } catch (error) {
          parsed = false;
          bad.push({ file: path, line: lineNumber, offset, reason: 'invalid_json', detail: `not valid JSON (${(error as Error).message})`, raw: text.slice(0, rawCharactersKept) });
        }
        if (parsed) {
          const mapped = mapRecord(value, `${path}:${lineNumber}`, defaultSource);
          if (mapped.ok) builder.append(mapped.id, mapped.text, mapped.lang, mapped.source, mapped.url, mapped.metadata);
          else bad.push({ file: path, line: lineNumber, offset, reason: mapped.reason, detail: mapped.detail, raw: text.slice(0, rawCharactersKept) });
        }
      }
    }
    lineNumber++;
    position = next + 1;
  }
  return { batch: builder.finish(), bad };
}
