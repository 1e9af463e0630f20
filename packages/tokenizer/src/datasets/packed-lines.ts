import { open } from 'node:fs/promises';
import { chunkBytes, type DocumentChunk } from './encoded-documents.js';
import type { StreamedFileHash } from './streamed-file-entry.js';

/**
 * The lines of a file (split on `\n` only, as std::getline in spm_encode; raw bytes, so malformed
 * UTF-8 reaches the encoder byte for byte) packed into chunks of about 1 MiB, one document per
 * line. The file is read straight into each chunk's buffer; every line then moves left over the
 * newlines before it with one `copyWithin` (a memmove), so a byte is copied once after the read,
 * with no per-line objects or awaits. `onBytes` reports progress; `hash` sees every byte read (for
 * the manifest, without reading the file again).
 */
export async function* packedLines(path: string, onBytes?: (bytesRead: number) => void, hash?: StreamedFileHash): AsyncGenerator<DocumentChunk> {
  const handle = await open(path, 'r');
  try {
    // bytes[0, packedEnd) holds the lines packed so far; bytes[lineStart, filled) the unread part
    // of the current block, starting with the line still open.
    let bytes = new Uint8Array(chunkBytes);
    let offsets = new Int32Array(4096);
    let lines = 0;
    let packedEnd = 0;
    let lineStart = 0;
    let filled = 0;
    let bytesRead = 0;
    const addLine = (start: number, end: number): void => {
      if (start !== packedEnd) bytes.copyWithin(packedEnd, start, end);
      packedEnd += end - start;
      if (lines + 2 > offsets.length) {
        const grown = new Int32Array(offsets.length * 2);
        grown.set(offsets);
        offsets = grown;
      }
      offsets[++lines] = packedEnd;
    };
    // The packed lines as a chunk (a view: no copy; the worker pool copies a view it cannot
    // transfer whole); the open line moves to the front of a fresh buffer.
    const take = (): DocumentChunk => {
      const chunk: DocumentChunk = { bytes: bytes.subarray(0, packedEnd), offsets: offsets.slice(0, lines + 1), documentIds: new Array<string | null>(lines).fill(null) };
      const open = filled - lineStart;
      const next = new Uint8Array(Math.max(chunkBytes, open * 2));
      next.set(bytes.subarray(lineStart, filled));
      bytes = next;
      filled = open;
      lineStart = 0;
      packedEnd = 0;
      lines = 0;
      return chunk;
    };
    for (;;) {
      // Fill the buffer up to a chunk; a line longer than that grows the buffer until it ends.
      if (filled === bytes.length) {
        const grown = new Uint8Array(bytes.length * 2);
        grown.set(bytes.subarray(0, filled));
        bytes = grown;
      }
      const room = filled < chunkBytes ? chunkBytes - filled : bytes.length - filled;
      const { bytesRead: count } = await handle.read(bytes, filled, room, null);
      if (count === 0) break;
      // Before any line moves over these bytes.
      hash?.update(bytes.subarray(filled, filled + count));
      const scanFrom = filled;
      filled += count;
      bytesRead += count;
      // indexOf is a memchr; the view ends it at the bytes read (the buffer's tail is stale).
      const read = bytes.subarray(0, filled);
      for (let newline = read.indexOf(0x0a, scanFrom); newline >= 0; newline = read.indexOf(0x0a, newline + 1)) {
        addLine(lineStart, newline);
        lineStart = newline + 1;
      }
      onBytes?.(bytesRead);
      if (filled >= chunkBytes && lines > 0) yield take();
    }
    // The last line, without a newline.
    if (filled > lineStart) {
      addLine(lineStart, filled);
      lineStart = filled;
    }
    if (lines > 0) yield take();
  } finally {
    await handle.close();
  }
}
