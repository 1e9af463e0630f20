import { isAbsolute, relative } from 'node:path';
import { hashFile } from '../files/hash-file.js';
import type { ManifestFile } from './manifest.js';

/**
 * Options of {@link describeFile}.
 *
 * @example
 * ```ts
 * import type { DescribeFileOptions } from '@oellm/core';
 * const options: DescribeFileOptions = { hashOnly: true, label: 'HPLT v2 de shard 3 (licensed)' };
 * ```
 */
export interface DescribeFileOptions {
  /** Record `path` relative to this directory (normally the manifest's). */
  relativeTo?: string;
  role?: string;
  rows?: number;
  /** Record size and hash only: for data that may not be redistributed. */
  hashOnly?: boolean;
  /** What the file was, for hash-only entries (`HPLT v2 de shard 3`). */
  label?: string;
}

/**
 * Hashes a file and returns its manifest entry.
 *
 * @example
 * ```ts
 * import { describeFile } from '@oellm/core';
 * const entry = await describeFile('out/shard-00000.parquet', { relativeTo: 'out', role: 'shard', rows: 5000 });
 * ```
 */
export async function describeFile(path: string, options: DescribeFileOptions = {}): Promise<ManifestFile> {
  return describeHashedFile(path, await hashFile(path), options);
}

/**
 * The manifest entry {@link describeFile} gives, for a file whose size and sha256 are already
 * known (hashed while it was streamed through), so it needs no second read.
 *
 * @example
 * ```ts
 * import { describeHashedFile } from '@oellm/core';
 * const entry = describeHashedFile('out/tokens.ids', { bytes: 1048576, sha256: hash.digest('hex') }, { relativeTo: 'out', role: 'ids' });
 * ```
 */
export function describeHashedFile(path: string, { bytes, sha256 }: { bytes: number; sha256: string }, options: DescribeFileOptions = {}): ManifestFile {
  const entry: ManifestFile = { bytes, sha256 };
  if (options.hashOnly) {
    entry.hashOnly = true;
    if (options.label !== undefined) entry.label = options.label;
  } else {
    entry.path = options.relativeTo !== undefined && isAbsolute(path) === isAbsolute(options.relativeTo) ? relative(options.relativeTo, path) : path;
    if (options.label !== undefined) entry.label = options.label;
  }
  if (options.role !== undefined) entry.role = options.role;
  if (options.rows !== undefined) entry.rows = options.rows;
  return entry;
}
