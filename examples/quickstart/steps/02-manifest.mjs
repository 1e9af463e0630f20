import { appendFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createManifest, describeFile, verifyManifest, writeManifest } from '@oellm/core';

/**
 * Writes a small artifact with its manifest (one redistributable input, one hash-only input),
 * verifies it, then damages the artifact and shows that verification catches it.
 */
export const title = 'A manifest: trace an artifact to its inputs, and check it';

export async function run({ output, sample, log }) {
  const startedAt = Date.now();
  const artifact = join(output, 'sample-artifact.txt');
  await copyFile(join(sample, 'udhr-article-1.txt'), artifact);
  const manifestPath = join(output, 'sample-manifest.json');
  const manifest = createManifest({
    kind: 'example',
    name: 'quickstart-sample',
    startedAt,
    producer: { name: '@oellm/example-quickstart', version: '0.0.0' },
    parameters: { step: 'manifest' },
    inputs: [
      await describeFile(join(sample, 'udhr-article-1.txt'), { relativeTo: output, role: 'source' }),
      // Data that may not be redistributed is recorded by size and hash only.
      await describeFile(join(sample, 'udhr-article-1.txt'), { hashOnly: true, label: 'a licensed corpus (hash only)' }),
    ],
    outputs: [await describeFile(artifact, { relativeTo: output, role: 'text', rows: 2 })],
    counts: { rows: 2 },
  });
  await writeManifest(manifestPath, manifest);
  log(`wrote ${manifestPath}`);

  const intact = await verifyManifest(manifestPath);
  log(`verify: ${intact.ok ? 'ok' : 'FAILED'} — ${intact.files.map((file) => `${file.entry.path ?? file.entry.label}: ${file.status}`).join(', ')}`);
  if (!intact.ok) throw new Error('the fresh manifest does not verify');

  await appendFile(artifact, 'tampered\n');
  const damaged = await verifyManifest(manifestPath);
  const changed = damaged.files.filter((file) => file.status !== 'ok' && file.status !== 'hash-only');
  log(`after changing the artifact: ${damaged.ok ? 'ok (unexpected!)' : `detected — ${changed.map((file) => `${file.entry.path}: ${file.status}`).join(', ')}`}`);
  if (damaged.ok) throw new Error('verification missed a changed file');
}
