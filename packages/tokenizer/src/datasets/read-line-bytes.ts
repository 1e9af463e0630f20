import { createReadStream } from 'node:fs';

/**
 * The lines of a file as raw bytes (split on `\n` only, as std::getline in spm_encode), so
 * malformed UTF-8 reaches the encoder byte for byte. `onBytes` reports progress.
 *
 * @example
 * ```ts
 * for await (const line of readLineBytes('corpus.txt')) ids.push(tokenizer.encodeBytes(line));
 * ```
 */
export async function* readLineBytes(path: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<Uint8Array> {
  let carry: Uint8Array = new Uint8Array(0);
  let bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    let start = 0;
    let data: Uint8Array = chunk;
    if (carry.length > 0) {
      data = new Uint8Array(carry.length + chunk.length);
      data.set(carry);
      data.set(chunk, carry.length);
    }
    for (let newline = data.indexOf(0x0a, start); newline >= 0; newline = data.indexOf(0x0a, start)) {
      yield data.subarray(start, newline);
      start = newline + 1;
    }
    carry = data.slice(start);
    onBytes?.(bytesRead);
  }
  if (carry.length > 0) yield carry;
}
