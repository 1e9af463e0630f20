import type { QuarantineRecord } from '@oellm/core';
import { decompressedChunks, StreamDamage, type ZstdDecoder } from './decompressed-chunks.js';

/**
 * Complete JSONL lines of one file, cut where the lines are (never by how the decompressor
 * happened to chunk its output), so a block, and the batch parsed from it, are the same on
 * every run and on every thread count.
 *
 * @example
 * ```ts
 * import type { JsonlBlock } from '@oellm/dataset';
 * const block: JsonlBlock = { type: 'block', path: 'a.jsonl', bytes: new TextEncoder().encode('{"text":"Bonġu"}\n'), firstLine: 1, firstOffset: 0 };
 * ```
 */
export interface JsonlBlock {
  type: 'block';
  path: string;
  /** The lines with their newlines, in a buffer of their own (transferable to a worker). */
  bytes: Uint8Array;
  /** 1-based line number of the first line. */
  firstLine: number;
  /** Decompressed byte offset of the first line. */
  firstOffset: number;
}

/**
 * A bad record found while cutting blocks (an overlong line, a damaged stream), in file order with the blocks.
 *
 * @example
 * ```ts
 * import type { JsonlBadUnit } from '@oellm/dataset';
 * const unit: JsonlBadUnit = { type: 'bad', record: { file: 'a.jsonl.zst', line: 90, offset: 40211, reason: 'truncated_zstd_frame' } };
 * ```
 */
export interface JsonlBadUnit {
  type: 'bad';
  record: QuarantineRecord;
}

/**
 * Options of {@link jsonlBlocks}.
 *
 * @example
 * ```ts
 * import type { JsonlBlockOptions } from '@oellm/dataset';
 * const options: JsonlBlockOptions = { maxLines: 8192, maxBytes: 8 << 20 };
 * ```
 */
export interface JsonlBlockOptions {
  /** Lines per block at most (blank and bad lines count). */
  maxLines: number;
  /** A block is cut once its lines hold this many bytes. */
  maxBytes: number;
  /** Longest line; longer ones are reported as `line_too_long` without being held in memory. */
  maxLineBytes: number;
  onBytesRead?: (bytes: number) => void;
  zstdDecoder?: ZstdDecoder;
  signal?: AbortSignal;
}

const newline = 0x0a;

/**
 * Splits a JSONL file (plain, `.gz`, `.zst`) into blocks of complete lines, with the line
 * number and decompressed offset of each block's first line: the unit of work that parser
 * threads share. Blocks are cut after `maxLines` lines or `maxBytes` bytes, whichever first.
 *
 * @example
 * ```ts
 * import { jsonlBlocks } from '@oellm/dataset';
 * for await (const unit of jsonlBlocks('mt.jsonl.zst', { maxLines: 8192, maxBytes: 8 << 20, maxLineBytes: 64 << 20 })) console.log(unit.type);
 * ```
 */
export async function* jsonlBlocks(path: string, options: JsonlBlockOptions): AsyncGenerator<JsonlBlock | JsonlBadUnit> {
  const { maxLines, maxBytes, maxLineBytes } = options;
  // Lines handed out so far (to blocks or as bad records).
  let lineNumber = 0;
  // Decompressed offset of the first byte not yet in a block (the start of `carry`).
  let offset = 0;
  let carry: Buffer | null = null;
  // Bytes of an overlong line being skipped (0 when not skipping).
  let skippedBytes = 0;
  let parts: Uint8Array[] = [];
  let blockBytes = 0;
  let blockLines = 0;
  let blockFirstLine = 0;
  let blockFirstOffset = 0;

  const takeBlock = (): JsonlBlock => {
    // One copy into a buffer of its own: decompressor chunks may share memory, a transfer must not.
    const bytes = new Uint8Array(blockBytes);
    let position = 0;
    for (const part of parts) {
      bytes.set(part, position);
      position += part.length;
    }
    const block: JsonlBlock = { type: 'block', path, bytes, firstLine: blockFirstLine, firstOffset: blockFirstOffset };
    parts = [];
    blockBytes = 0;
    blockLines = 0;
    return block;
  };
  const addLines = (bytes: Uint8Array, lines: number, startOffset: number): void => {
    if (blockLines === 0) {
      blockFirstLine = lineNumber + 1;
      blockFirstOffset = startOffset;
    }
    parts.push(bytes);
    blockBytes += bytes.length;
    blockLines += lines;
    lineNumber += lines;
  };
  const full = () => blockLines >= maxLines || blockBytes >= maxBytes;

  try {
    for await (const chunk of decompressedChunks(path, { ...(options.onBytesRead ? { onBytes: options.onBytesRead } : {}), ...(options.zstdDecoder ? { zstdDecoder: options.zstdDecoder } : {}) })) {
      options.signal?.throwIfAborted();
      let position = 0;
      if (carry !== null || skippedBytes > 0) {
        const firstNewline = chunk.indexOf(newline);
        if (firstNewline === -1) {
          if (skippedBytes > 0 || carry!.length + chunk.length > maxLineBytes) {
            skippedBytes += (carry?.length ?? 0) + chunk.length;
            carry = null;
          } else {
            carry = Buffer.concat([carry!, chunk]);
          }
          continue;
        }
        if (skippedBytes > 0) {
          if (blockLines > 0) yield takeBlock();
          lineNumber++;
          const length = skippedBytes + firstNewline;
          yield { type: 'bad', record: { file: path, line: lineNumber, offset, reason: 'line_too_long', detail: `the line is ${length} bytes, more than the ${maxLineBytes} allowed (maxLineBytes); is this a JSONL file?` } };
          offset += length + 1;
          skippedBytes = 0;
        } else {
          // Only the line that spans two chunks is copied here.
          const line = Buffer.concat([carry!, chunk.subarray(0, firstNewline + 1)]);
          addLines(line, 1, offset);
          offset += line.length;
          carry = null;
        }
        position = firstNewline + 1;
        if (full()) yield takeBlock();
      }
      // Lines of this chunk go to the block as one range; it is cut where the block is full.
      let rangeStart = position;
      let rangeLines = 0;
      for (;;) {
        const next = chunk.indexOf(newline, position);
        if (next === -1) break;
        position = next + 1;
        rangeLines++;
        if (blockLines + rangeLines >= maxLines || blockBytes + position - rangeStart >= maxBytes) {
          addLines(chunk.subarray(rangeStart, position), rangeLines, offset);
          offset += position - rangeStart;
          rangeStart = position;
          rangeLines = 0;
          yield takeBlock();
        }
      }
      if (rangeLines > 0) {
        addLines(chunk.subarray(rangeStart, position), rangeLines, offset);
        offset += position - rangeStart;
      }
      if (position < chunk.length) carry = Buffer.from(chunk.subarray(position));
    }
    if (carry !== null) {
      addLines(carry, 1, offset);
      offset += carry.length;
      carry = null;
    }
    if (blockLines > 0) yield takeBlock();
    if (skippedBytes > 0) {
      lineNumber++;
      yield { type: 'bad', record: { file: path, line: lineNumber, offset, reason: 'line_too_long', detail: `the last line is ${skippedBytes} bytes, more than the ${maxLineBytes} allowed (maxLineBytes)` } };
    }
  } catch (error) {
    if (!(error instanceof StreamDamage)) throw error;
    // Everything decoded before the damage is kept; the unfinished line is part of the damage.
    if (blockLines > 0) yield takeBlock();
    yield {
      type: 'bad',
      record: { file: path, line: lineNumber + 1, offset, reason: error.reason, detail: `${error.message}; ${carry === null ? 'no' : carry.length} decoded bytes of an unfinished line were lost` },
    };
  }
}
