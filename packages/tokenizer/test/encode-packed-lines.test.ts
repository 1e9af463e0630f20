import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkBytes } from '../src/datasets/encoded-documents.js';
import { packedLines } from '../src/datasets/packed-lines.js';
import { temporaryDirectory } from './helpers/reference-tools.js';

// packedLines reads a file straight into chunk buffers and moves each line over the newlines
// before it. The expected lines come from the definition (std::getline: split on \n, no
// trailing empty line after a final \n), computed here with indexOf on the whole file.
function linesByDefinition(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let newline = bytes.indexOf(0x0a); newline >= 0; newline = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, newline));
    start = newline + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

async function linesOfChunks(path: string): Promise<{ lines: Uint8Array[]; chunks: number; largestChunk: number; lastProgress: number }> {
  const lines: Uint8Array[] = [];
  let chunks = 0;
  let largestChunk = 0;
  let lastProgress = 0;
  for await (const chunk of packedLines(path, (bytesRead) => (lastProgress = bytesRead))) {
    chunks++;
    largestChunk = Math.max(largestChunk, chunk.bytes.length);
    expect(chunk.offsets[0]).toBe(0);
    expect(chunk.offsets.at(-1)).toBe(chunk.bytes.length);
    expect(chunk.documentIds).toEqual(new Array(chunk.offsets.length - 1).fill(null));
    for (let index = 0; index + 1 < chunk.offsets.length; index++) lines.push(chunk.bytes.slice(chunk.offsets[index]!, chunk.offsets[index + 1]!));
  }
  return { lines, chunks, largestChunk, lastProgress };
}

/** Deterministic bytes from a linear congruential generator: a newline where the state is a multiple of `newlineEvery`, else a byte from 0x20 to 0xff (malformed UTF-8 included). */
function generatedBytes(size: number, seed: number, newlineEvery: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed;
  for (let index = 0; index < size; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[index] = state % newlineEvery === 0 ? 0x0a : 0x20 + (state >>> 24) % 0xe0;
  }
  return bytes;
}

describe('packedLines', () => {
  const directory = temporaryDirectory('packed-lines');
  const cases: [string, Uint8Array][] = [
    ['an empty file', new Uint8Array(0)],
    ['only newlines', new Uint8Array(10).fill(0x0a)],
    ['one line without newline', Buffer.from('no newline at the end')],
    ['short lines across several reads, last line without newline', generatedBytes(3 * chunkBytes + 12_345, 7, 97)],
    ['short lines ending exactly at a read boundary', (() => {
      const bytes = generatedBytes(2 * chunkBytes, 11, 61);
      bytes[chunkBytes - 1] = 0x0a;
      bytes[bytes.length - 1] = 0x0a;
      return bytes;
    })()],
    ['lines longer than a chunk (the buffer grows) among short ones', (() => {
      const bytes = generatedBytes(5 * chunkBytes, 13, 89);
      // No newline in [chunkBytes / 2, 3.7 chunks): one line of about 3.2 chunks.
      for (let index = chunkBytes >> 1; index < 3.7 * chunkBytes; index++) if (bytes[index] === 0x0a) bytes[index] = 0x41;
      return bytes;
    })()],
    ['a line of exactly one chunk, then a newline', (() => {
      const bytes = new Uint8Array(chunkBytes + 3).fill(0x62);
      bytes[chunkBytes] = 0x0a;
      return bytes;
    })()],
  ];
  for (const [name, bytes] of cases) {
    it(`gives the lines std::getline gives, byte for byte: ${name}`, async () => {
      const path = join(directory, `${name.replaceAll(/\W+/g, '-')}.txt`);
      writeFileSync(path, bytes);
      const { lines, lastProgress } = await linesOfChunks(path);
      const expected = linesByDefinition(bytes);
      expect(lines.length).toBe(expected.length);
      for (let index = 0; index < expected.length; index++) {
        if (!Buffer.from(lines[index]!).equals(Buffer.from(expected[index]!))) expect.fail(`line ${index} differs`);
      }
      expect(lastProgress).toBe(bytes.length);
    });
  }

  it('packs short lines into chunks of about a chunk each, not one chunk per read or per file', async () => {
    const path = join(directory, 'chunks.txt');
    writeFileSync(path, generatedBytes(4 * chunkBytes, 17, 151));
    const { chunks, largestChunk } = await linesOfChunks(path);
    // Each chunk is one read of up to a chunk, less the open line carried to the next one.
    expect(chunks).toBeGreaterThanOrEqual(4);
    expect(chunks).toBeLessThanOrEqual(5);
    expect(largestChunk).toBeLessThanOrEqual(chunkBytes);
    // Less the newlines (one in 151 bytes) and an open line.
    expect(largestChunk).toBeGreaterThan(chunkBytes * 0.98);
  });
});
