import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { hashFile } from '../files/hash-file.js';
import type { Manifest, ManifestFile } from './manifest.js';
import { readManifest } from './read-manifest.js';

/**
 * The outcome for one file: `hash-only` entries cannot be checked without the data.
 *
 * @example
 * ```ts
 * import type { FileVerificationStatus } from '@oellm/core';
 * const problems: FileVerificationStatus[] = ['missing', 'size-mismatch', 'hash-mismatch'];
 * ```
 */
export type FileVerificationStatus = 'ok' | 'missing' | 'size-mismatch' | 'hash-mismatch' | 'hash-only';

/**
 * One checked entry of a manifest.
 *
 * @example
 * ```ts
 * import { verifyManifest, type FileVerification } from '@oellm/core';
 * const failed: FileVerification[] = (await verifyManifest('out/manifest.json')).files.filter((file) => file.status !== 'ok');
 * ```
 */
export interface FileVerification {
  list: 'inputs' | 'outputs';
  entry: ManifestFile;
  status: FileVerificationStatus;
  /** What was found instead, for mismatches. */
  actual?: { bytes: number; sha256?: string };
}

/**
 * The result of {@link verifyManifest}. `ok` is false when any file is missing or differs.
 *
 * @example
 * ```ts
 * import { verifyManifest, type ManifestVerification } from '@oellm/core';
 * const result: ManifestVerification = await verifyManifest('out/manifest.json');
 * if (!result.ok) process.exitCode = 1;
 * ```
 */
export interface ManifestVerification {
  ok: boolean;
  manifest: Manifest;
  files: FileVerification[];
}

/**
 * Options of {@link verifyManifest}.
 *
 * @example
 * ```ts
 * import { verifyManifest, type VerifyManifestOptions } from '@oellm/core';
 * const options: VerifyManifestOptions = { locateHashOnly: (entry) => (entry.label === 'HPLT de' ? '/data/hplt/de.jsonl.zst' : undefined) };
 * await verifyManifest('out/manifest.json', options);
 * ```
 */
export interface VerifyManifestOptions {
  /** Also check inputs (default true). Inputs may live elsewhere; outputs sit beside the manifest. */
  inputs?: boolean;
  /** Where to find a hash-only entry's data, if the auditor has it; return `undefined` to skip. */
  locateHashOnly?: (entry: ManifestFile) => string | undefined;
}

/**
 * Checks every file a manifest lists against the disk: present, same size, same sha256.
 * Sizes are compared before hashing, so a damaged multi-gigabyte shard fails fast.
 *
 * @example
 * ```ts
 * import { verifyManifest } from '@oellm/core';
 * const { ok, files } = await verifyManifest('out/manifest.json');
 * for (const file of files) if (file.status !== 'ok') console.log(file.entry.path, file.status);
 * ```
 */
export async function verifyManifest(manifestPath: string, options: VerifyManifestOptions = {}): Promise<ManifestVerification> {
  const manifest = await readManifest(manifestPath);
  const base = dirname(manifestPath);
  const lists: Array<'inputs' | 'outputs'> = options.inputs === false ? ['outputs'] : ['inputs', 'outputs'];
  const files: FileVerification[] = [];
  for (const list of lists) {
    for (const entry of manifest[list]) {
      const located = entry.hashOnly ? options.locateHashOnly?.(entry) : entry.path;
      if (located === undefined) {
        files.push({ list, entry, status: 'hash-only' });
        continue;
      }
      files.push({ list, entry, ...(await checkFile(isAbsolute(located) ? located : resolve(base, located), entry)) });
    }
  }
  return { ok: files.every((file) => file.status === 'ok' || file.status === 'hash-only'), manifest, files };
}

async function checkFile(path: string, entry: ManifestFile): Promise<Pick<FileVerification, 'status' | 'actual'>> {
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch {
    return { status: 'missing' };
  }
  if (bytes !== entry.bytes) return { status: 'size-mismatch', actual: { bytes } };
  const { sha256 } = await hashFile(path);
  return sha256 === entry.sha256 ? { status: 'ok' } : { status: 'hash-mismatch', actual: { bytes, sha256 } };
}
