import { corePackage } from '../package-version.js';
import type { JsonObject } from '../json.js';
import type { Manifest, ManifestFile, ManifestReference } from './manifest.js';

/**
 * What {@link createManifest} needs; the rest is filled in.
 *
 * @example
 * ```ts
 * import type { CreateManifestOptions } from '@oellm/core';
 * const options: CreateManifestOptions = { kind: 'dataset', name: 'eu-web', startedAt: Date.now(), producer: { name: 'my-tool', version: '1.0.0' } };
 * ```
 */
export interface CreateManifestOptions {
  kind: string;
  name: string;
  producer: { name: string; version: string };
  /** When the work started (`Date.now()` taken before it), for `durationMs`. */
  startedAt: number;
  parameters?: JsonObject;
  inputs?: ManifestFile[];
  outputs?: ManifestFile[];
  counts?: Record<string, number>;
  parents?: ManifestReference[];
  packages?: Record<string, string>;
  details?: JsonObject;
}

/**
 * Builds a complete manifest, stamping the time, the duration, and the versions of the
 * producer, `@oellm/core` and Node.js.
 *
 * @example
 * ```ts
 * import { createManifest, describeFile } from '@oellm/core';
 * const startedAt = Date.now();
 * // … write out/vocab.model …
 * const manifest = createManifest({
 *   kind: 'tokenizer', name: 'eu-32k', startedAt,
 *   producer: { name: '@oellm/tokenizer', version: '0.1.0' },
 *   outputs: [await describeFile('out/vocab.model', { relativeTo: 'out', role: 'model' })],
 * });
 * ```
 */
export function createManifest(options: CreateManifestOptions): Manifest {
  const now = Date.now();
  const manifest: Manifest = {
    specificationVersion: 'v1',
    kind: options.kind,
    name: options.name,
    createdAt: new Date(now).toISOString(),
    durationMs: Math.max(0, now - options.startedAt),
    producer: { ...options.producer },
    packages: {
      [options.producer.name]: options.producer.version,
      [corePackage.name]: corePackage.version,
      node: process.versions.node,
      ...options.packages,
    },
    parameters: options.parameters ?? {},
    inputs: options.inputs ?? [],
    outputs: options.outputs ?? [],
    counts: options.counts ?? {},
    parents: options.parents ?? [],
  };
  if (options.details) manifest.details = options.details;
  return manifest;
}
