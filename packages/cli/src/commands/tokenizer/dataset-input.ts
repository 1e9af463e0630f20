import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describeFile, hashFile, InputError, readManifest, type DocumentSource, type ManifestFile, type ManifestReference } from '@oellm/core';

/** A dataset directory (`oellm data ingest`'s output) opened for reading. */
export interface DatasetInput {
  manifestPath: string;
  shardPaths: string[];
  /** Reads the shards through @oellm/dataset, in manifest order. */
  source: DocumentSource;
  /** The shards with their sha256 and rows, for the output manifest's inputs. */
  inputs: ManifestFile[];
  /** The dataset's manifest, as the output manifest's parent (path relative to the output). */
  parent: ManifestReference;
}

/**
 * The dataset in `input` when it is a directory with a dataset `manifest.json` (else undefined),
 * opened with @oellm/dataset's readers; `output` is where the result goes, so the parent's path
 * is relative to it.
 */
export async function openDatasetInput(input: string, output: string): Promise<DatasetInput | undefined> {
  const manifestPath = join(input, 'manifest.json');
  if (!existsSync(manifestPath) || !(await stat(input)).isDirectory()) return undefined;
  const manifest = await readManifest(manifestPath);
  if (manifest.kind !== 'dataset') return undefined;
  const shards = manifest.outputs.filter((file) => file.role === 'shard' && file.path !== undefined);
  if (shards.length === 0) throw new InputError({ code: 'empty_dataset', message: 'the dataset manifest lists no shards; ingest the corpus again with `oellm data ingest`', location: { file: manifestPath } });
  const { openDocumentSource } = await import('@oellm/dataset');
  const shardPaths = shards.map((shard) => join(dirname(manifestPath), shard.path!));
  const source = await openDocumentSource(shardPaths);
  const inputs = await Promise.all(shardPaths.map((path, index) => describeFile(resolve(path), { role: 'shard', ...(shards[index]!.rows !== undefined ? { rows: shards[index]!.rows } : {}) })));
  const parent: ManifestReference = { path: relative(dirname(resolve(output)), resolve(manifestPath)), sha256: (await hashFile(manifestPath)).sha256 };
  return { manifestPath, shardPaths, source, inputs, parent };
}

/** The CLI line about quarantined records (empty when there were none). */
export function quarantineLine(quarantined: number, path: string | undefined): string {
  return quarantined > 0 && path ? `quarantined ${quarantined} unreadable record${quarantined === 1 ? '' : 's'}: ${path}\n` : '';
}
