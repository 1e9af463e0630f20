import type { JsonObject } from '../json.js';

/**
 * A file an artifact was made from or consists of. `path` is relative to the manifest's
 * directory (or absolute for inputs outside it).
 *
 * A `hashOnly` entry records data that may not be redistributed: its size and sha256 are
 * kept so an auditor holding the data can check it, but neither the path nor any content
 * is published; `label` says what it was.
 *
 * @example
 * ```ts
 * import type { ManifestFile } from '@oellm/core';
 * const shard: ManifestFile = { path: 'shard-00000.parquet', bytes: 1_048_576, sha256: '…64 hex digits…', role: 'shard', rows: 5000 };
 * const licensed: ManifestFile = { hashOnly: true, label: 'CulturaX mt (licensed)', bytes: 73_400_320, sha256: '…' };
 * ```
 */
export interface ManifestFile {
  path?: string;
  label?: string;
  bytes: number;
  sha256: string;
  hashOnly?: boolean;
  /** What the file is to the artifact: `shard`, `quarantine`, `model`, `vocabulary`, … */
  role?: string;
  /** Rows, documents or tokens in the file, when it has any. */
  rows?: number;
}

/**
 * A pointer from one manifest to the manifest of an input artifact: manifests chain.
 *
 * @example
 * ```ts
 * import { sha256Hex, type ManifestReference } from '@oellm/core';
 * const parent: ManifestReference = { path: '../dataset/manifest.json', sha256: sha256Hex(await readFile('../dataset/manifest.json')) };
 * ```
 */
export interface ManifestReference {
  path: string;
  sha256: string;
}

/**
 * The record written beside every artifact (`manifest.json`): what went in, with what
 * parameters and software, and what came out, so every number traces back to its inputs.
 *
 * @example
 * ```ts
 * import type { Manifest } from '@oellm/core';
 * const manifest: Manifest = {
 *   specificationVersion: 'v1', kind: 'dataset', name: 'eu-web',
 *   createdAt: '2026-11-27T10:00:00.000Z', durationMs: 1200,
 *   producer: { name: '@oellm/dataset', version: '0.1.0' }, packages: { '@oellm/dataset': '0.1.0' },
 *   parameters: { format: 'parquet' }, inputs: [], outputs: [], counts: { rows: 0 }, parents: [],
 * };
 * ```
 */
export interface Manifest {
  specificationVersion: 'v1';
  /** The artifact type: `dataset`, `tokenizer`, `token-dataset`, `quantized-model`, `evaluation`, … */
  kind: string;
  name: string;
  createdAt: string;
  durationMs: number;
  producer: { name: string; version: string };
  /** Versions of the packages (and reference tools) involved, name to version. */
  packages: Record<string, string>;
  parameters: JsonObject;
  inputs: ManifestFile[];
  outputs: ManifestFile[];
  /** Counts in and out: `rows_in`, `kept`, `dropped:<reason>`, `quarantined`, … */
  counts: Record<string, number>;
  /** Manifests of the input artifacts. */
  parents: ManifestReference[];
  /** Anything else an artifact wants to record (language histograms, per-tensor tables). */
  details?: JsonObject;
}
