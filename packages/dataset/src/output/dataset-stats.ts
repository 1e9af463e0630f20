import { join } from 'node:path';
import { InputError, readManifest, type Manifest } from '@oellm/core';

const manifestName = 'manifest.json';

/**
 * The numbers `oellm data stats` prints, read from a dataset's manifest.
 *
 * @example
 * ```ts
 * import type { DatasetStats } from '@oellm/dataset';
 * const stats: DatasetStats = await readDatasetStats('data/eu');
 * ```
 */
export interface DatasetStats {
  rows: number;
  bytes: number;
  shards: number;
  format: string;
  languages: Record<string, number>;
  dropped: Record<string, number>;
  quarantined: number;
  quarantinedByReason: Record<string, number>;
  documentsIn: number;
}

/**
 * Reads a dataset directory's manifest and sums it up.
 *
 * @throws InputError when the directory has no valid manifest.
 * @example
 * ```ts
 * import { readDatasetStats } from '@oellm/dataset';
 * const { rows, languages } = await readDatasetStats('data/eu');
 * ```
 */
export async function readDatasetStats(directory: string): Promise<DatasetStats> {
  const manifest: Manifest = await readManifest(join(directory, manifestName));
  if (manifest.kind !== 'dataset') throw new InputError({ code: 'not_a_dataset', message: `the manifest is of a "${manifest.kind}", not a dataset`, location: { file: join(directory, manifestName) } });
  const shards = manifest.outputs.filter((file) => file.role === 'shard');
  const dropped: Record<string, number> = {};
  const quarantinedByReason: Record<string, number> = {};
  for (const [key, value] of Object.entries(manifest.counts)) {
    if (key.startsWith('dropped:')) dropped[key.slice('dropped:'.length)] = value;
    if (key.startsWith('quarantined:')) quarantinedByReason[key.slice('quarantined:'.length)] = value;
  }
  const details = (manifest.details ?? {}) as { languages?: Record<string, number>; format?: string };
  return {
    rows: shards.reduce((sum, file) => sum + (file.rows ?? 0), 0),
    bytes: shards.reduce((sum, file) => sum + file.bytes, 0),
    shards: shards.length,
    format: details.format ?? String(manifest.parameters['format'] ?? ''),
    languages: details.languages ?? {},
    dropped,
    quarantined: manifest.counts['quarantined'] ?? 0,
    quarantinedByReason,
    documentsIn: manifest.counts['documents_in'] ?? 0,
  };
}
