import { createReadStream } from 'node:fs';
import { chunkBytes, type DocumentChunk } from './encoded-documents.js';

/**
 * The lines of a file (split on `\n` only, as std::getline in spm_encode; raw bytes, so malformed
 * UTF-8 reaches the encoder byte for byte) packed into chunks of about 1 MiB, one document per
 * line. Lines are cut out of each block read with `indexOf`, so no per-line objects or awaits.
 * `onBytes` reports progress.
 */
export async function* packedLines(path: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<DocumentChunk> {
  let bytes = new Uint8Array(chunkBytes * 2);
  let length = 0;
  let offsets: number[] = [0];
  let carry: Uint8Array = new Uint8Array(0);
  let bytesRead = 0;
  // Copies data[start, end) byte by byte: lines are short, and a subarray per line would allocate.
  const append = (data: Uint8Array, start: number, end: number): void => {
    if (length + end - start > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, length + end - start));
      grown.set(bytes.subarray(0, length));
      bytes = grown;
    }
    for (let index = start; index < end; index++) bytes[length++] = data[index]!;
    offsets.push(length);
  };
  const take = (): DocumentChunk => {
    const chunk = { bytes: bytes.slice(0, length), offsets: Int32Array.from(offsets), documentIds: new Array<string | null>(offsets.length - 1).fill(null) };
    length = 0;
    offsets = [0];
    return chunk;
  };
  for await (const block of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    bytesRead += block.length;
    let data: Uint8Array = block;
    if (carry.length > 0) {
      data = new Uint8Array(carry.length + block.length);
      data.set(carry);
      data.set(block, carry.length);
    }
    let start = 0;
    for (let newline = data.indexOf(0x0a, start); newline >= 0; newline = data.indexOf(0x0a, start)) {
      append(data, start, newline);
      start = newline + 1;
    }
    carry = data.slice(start);
    onBytes?.(bytesRead);
    if (length >= chunkBytes) yield take();
  }
  if (carry.length > 0) append(carry, 0, carry.length);
  if (offsets.length > 1) yield take();
}
