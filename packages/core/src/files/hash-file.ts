import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { InputError } from '../errors/input-error.js';

/**
 * Streams a file through sha256 (constant memory, any size) and returns its hex digest and size.
 *
 * @throws InputError `file_not_found` when the file does not exist.
 * @example
 * ```ts
 * import { hashFile } from '@oellm/core';
 * const { sha256, bytes } = await hashFile('data/shard-00000.parquet');
 * ```
 */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new InputError({ code: 'file_not_found', message: 'file not found; check the path', location: { file: path }, cause: error });
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: size };
}

/**
 * The sha256 hex digest of bytes or a string (UTF-8).
 *
 * @example
 * ```ts
 * import { sha256Hex } from '@oellm/core';
 * sha256Hex('abc'); // 'ba7816bf…'
 * ```
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
