import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A temporary name beside `path` (same directory, so the final rename is atomic), marked
 * so leftovers of a killed run are recognisable: `.name.partial-<random>`.
 *
 * @example
 * ```ts
 * import { temporaryPathFor } from '@oellm/core';
 * temporaryPathFor('out/shard-00001.parquet'); // 'out/.shard-00001.parquet.partial-3f9a…'
 * ```
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${randomBytes(6).toString('hex')}`);
}

/**
 * True for names made by {@link temporaryPathFor}: leftovers a resumed run may delete.
 *
 * @example
 * ```ts
 * import { isTemporaryPath } from '@oellm/core';
 * const leftovers = (await readdir(directory)).filter(isTemporaryPath);
 * ```
 */
export function isTemporaryPath(path: string): boolean {
  return /^\..+\.partial-[0-9a-f]{12}$/.test(basename(path));
}

/**
 * Writes a file completely under a temporary name, then renames it into place: readers see
 * the old file or the new one, never half of one.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from '@oellm/core';
 * await writeFileAtomic('out/manifest.json', JSON.stringify(manifest, null, 2));
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
