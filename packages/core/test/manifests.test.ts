import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManifest, describeFile, describeHashedFile, InputError, readManifest, sha256Hex, validateManifest, verifyManifest, writeManifest } from '../src/index.js';

// FIPS 180-2 test vector: sha256("abc").
const sha256OfAbc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'oellm-manifest-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeArtifact() {
  const startedAt = Date.now();
  await writeFile(join(directory, 'shard.txt'), 'abc');
  await writeFile(join(directory, 'restricted.jsonl'), 'secret corpus');
  const manifest = createManifest({
    kind: 'dataset',
    name: 'test',
    startedAt,
    producer: { name: '@oellm/test', version: '1.2.3' },
    parameters: { format: 'txt' },
    inputs: [await describeFile(join(directory, 'restricted.jsonl'), { hashOnly: true, label: 'licensed corpus' })],
    outputs: [await describeFile(join(directory, 'shard.txt'), { relativeTo: directory, role: 'shard', rows: 1 })],
    counts: { rows_in: 1, kept: 1 },
  });
  await writeManifest(join(directory, 'manifest.json'), manifest);
  return manifest;
}

describe('manifests', () => {
  it('describes a file hashed while it streamed exactly as describeFile does after reading it', async () => {
    await writeFile(join(directory, 'shard.txt'), 'abc');
    const known = { bytes: 3, sha256: sha256OfAbc };
    for (const options of [{ relativeTo: directory, role: 'shard', rows: 1 }, { hashOnly: true, label: 'licensed' }, {}]) {
      expect(JSON.stringify(describeHashedFile(join(directory, 'shard.txt'), known, options))).toBe(JSON.stringify(await describeFile(join(directory, 'shard.txt'), options)));
    }
    expect(describeHashedFile(join(directory, 'shard.txt'), known, { relativeTo: directory })).toEqual({ bytes: 3, sha256: sha256OfAbc, path: 'shard.txt' });
  });

  it('records files by size and sha256, hash-only entries without a path', async () => {
    const manifest = await writeArtifact();
    expect(manifest.outputs[0]).toEqual({ path: 'shard.txt', bytes: 3, sha256: sha256OfAbc, role: 'shard', rows: 1 });
    expect(manifest.inputs[0]).toEqual({ hashOnly: true, label: 'licensed corpus', bytes: 13, sha256: sha256Hex('secret corpus') });
    expect(manifest.packages['@oellm/test']).toBe('1.2.3');
    expect(manifest.packages['@oellm/core']).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.packages['node']).toBe(process.versions.node);
    expect(await readManifest(join(directory, 'manifest.json'))).toEqual(manifest);
    // No temporary file is left behind by the atomic write.
    expect((await readdir(directory)).sort()).toEqual(['manifest.json', 'restricted.jsonl', 'shard.txt']);
  });

  it('verifies an intact artifact and reports hash-only inputs as unchecked', async () => {
    await writeArtifact();
    const result = await verifyManifest(join(directory, 'manifest.json'));
    expect(result.ok).toBe(true);
    expect(result.files.map((file) => file.status)).toEqual(['hash-only', 'ok']);
    const located = await verifyManifest(join(directory, 'manifest.json'), { locateHashOnly: () => join(directory, 'restricted.jsonl') });
    expect(located.files.map((file) => file.status)).toEqual(['ok', 'ok']);
  });

  it('detects a changed, a truncated and a missing file', async () => {
    await writeArtifact();
    const manifestPath = join(directory, 'manifest.json');
    await writeFile(join(directory, 'shard.txt'), 'abd');
    expect((await verifyManifest(manifestPath)).files[1]).toMatchObject({ status: 'hash-mismatch', actual: { bytes: 3 } });
    await truncate(join(directory, 'shard.txt'), 1);
    expect((await verifyManifest(manifestPath)).files[1]).toMatchObject({ status: 'size-mismatch', actual: { bytes: 1 } });
    await rm(join(directory, 'shard.txt'));
    const missing = await verifyManifest(manifestPath);
    expect(missing.ok).toBe(false);
    expect(missing.files[1]?.status).toBe('missing');
  });

  it('rejects malformed manifests naming the file and field', async () => {
    const manifest = await writeArtifact();
    const broken = { ...manifest, outputs: [{ path: 'x', bytes: -1, sha256: sha256OfAbc }] };
    expect(() => validateManifest(broken, 'm.json')).toThrow('m.json (outputs[0].bytes): expected a non-negative integer');
    expect(() => validateManifest({ ...manifest, specificationVersion: 'v9' }, 'm.json')).toThrow(/specificationVersion/);
    expect(() => validateManifest({ ...manifest, inputs: [{ hashOnly: true, path: 'leak', bytes: 1, sha256: sha256OfAbc }] }, 'm.json')).toThrow(/no path on a hash-only entry/);
    await writeFile(join(directory, 'bad.json'), '{"specificationVersion":');
    const error = await readManifest(join(directory, 'bad.json')).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).code).toBe('invalid_json');
    await expect(readManifest(join(directory, 'absent.json'))).rejects.toThrow(/manifest not found/);
  });
});
