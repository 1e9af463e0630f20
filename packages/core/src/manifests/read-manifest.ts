import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/input-error.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import type { Manifest, ManifestFile } from './manifest.js';

/**
 * Reads and checks a manifest file. Every problem names the file and the field.
 *
 * @throws InputError `file_not_found`, `invalid_json` or `invalid_manifest`.
 * @example
 * ```ts
 * import { readManifest } from '@oellm/core';
 * const manifest = await readManifest('out/manifest.json');
 * console.log(manifest.counts);
 * ```
 */
export async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError({ code: 'file_not_found', message: 'manifest not found; pass the artifact directory or its manifest.json', location: { file: path }, cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError({ code: 'invalid_json', message: `not valid JSON (${(error as Error).message}); the manifest is damaged, regenerate the artifact`, location: { file: path }, cause: error });
  }
  return validateManifest(value, path);
}

/**
 * Writes a manifest as indented JSON, atomically.
 *
 * @example
 * ```ts
 * import { writeManifest } from '@oellm/core';
 * await writeManifest('out/manifest.json', manifest);
 * ```
 */
export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Checks that a parsed value has the manifest shape and returns it typed.
 *
 * @throws InputError `invalid_manifest` naming the first wrong field.
 * @example
 * ```ts
 * import { validateManifest } from '@oellm/core';
 * const manifest = validateManifest(JSON.parse(text), 'manifest.json');
 * ```
 */
export function validateManifest(value: unknown, file = 'manifest'): Manifest {
  const fail = (field: string, expected: string): never => {
    throw new InputError({ code: 'invalid_manifest', message: `expected ${expected}; the manifest does not follow oellm spec v1`, location: { file, field } });
  };
  if (!isObject(value)) return fail('(root)', 'a JSON object');
  if (value['specificationVersion'] !== 'v1') fail('specificationVersion', '"v1"');
  for (const field of ['kind', 'name', 'createdAt'] as const) if (typeof value[field] !== 'string') fail(field, 'a string');
  if (typeof value['durationMs'] !== 'number') fail('durationMs', 'a number');
  const producer = value['producer'];
  if (!isObject(producer) || typeof producer['name'] !== 'string' || typeof producer['version'] !== 'string') fail('producer', '{ name, version } strings');
  for (const field of ['packages', 'parameters', 'counts'] as const) if (!isObject(value[field])) fail(field, 'an object');
  for (const [key, count] of Object.entries(value['counts'] as object)) if (typeof count !== 'number') fail(`counts.${key}`, 'a number');
  for (const list of ['inputs', 'outputs'] as const) {
    const entries = value[list];
    if (!Array.isArray(entries)) return fail(list, 'an array');
    entries.forEach((entry: unknown, position) => checkFile(entry, `${list}[${position}]`, fail));
  }
  const parents = value['parents'];
  if (!Array.isArray(parents)) return fail('parents', 'an array');
  parents.forEach((parent: unknown, position) => {
    if (!isObject(parent) || typeof parent['path'] !== 'string' || !isSha256(parent['sha256'])) fail(`parents[${position}]`, '{ path, sha256 }');
  });
  return value as unknown as Manifest;
}

function checkFile(entry: unknown, field: string, fail: (field: string, expected: string) => never): asserts entry is ManifestFile {
  if (!isObject(entry)) fail(field, 'an object');
  const file = entry as Record<string, unknown>;
  if (typeof file['bytes'] !== 'number' || !Number.isSafeInteger(file['bytes']) || file['bytes'] < 0) fail(`${field}.bytes`, 'a non-negative integer');
  if (!isSha256(file['sha256'])) fail(`${field}.sha256`, '64 lowercase hex digits');
  if (file['hashOnly'] === true) {
    if (file['path'] !== undefined) fail(`${field}.path`, 'no path on a hash-only entry');
  } else if (typeof file['path'] !== 'string') {
    fail(`${field}.path`, 'a string (or "hashOnly": true)');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isSha256(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
