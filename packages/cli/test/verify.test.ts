import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManifest, describeFile, writeManifest } from '@oellm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from './run.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'oellm-verify-'));
  await writeFile(join(directory, 'shard.txt'), 'abc');
  const manifest = createManifest({
    kind: 'dataset', name: 'tiny', startedAt: Date.now(), producer: { name: 'test', version: '0' },
    outputs: [await describeFile(join(directory, 'shard.txt'), { relativeTo: directory })],
  });
  await writeManifest(join(directory, 'manifest.json'), manifest);
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe('oellm verify', () => {
  it('exits 0 for an intact artifact directory', async () => {
    const { exitCode, stdout } = await run('verify', directory);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^outputs\s+shard\.txt\s+3\s+ok$/m);
    expect(stdout).toContain("ok: dataset 'tiny', 1 files");
  });

  it('exits 1 and names the changed file', async () => {
    await writeFile(join(directory, 'shard.txt'), 'abd');
    const { exitCode, stdout } = await run('verify', join(directory, 'manifest.json'), '--json');
    expect(exitCode).toBe(1);
    const result = JSON.parse(stdout) as { ok: boolean; files: Array<{ path: string; status: string; actual: { sha256: string } }> };
    expect(result.ok).toBe(false);
    expect(result.files[0]).toMatchObject({ path: 'shard.txt', status: 'hash-mismatch' });
    // sha256("abd"), from the definition (any sha256 tool gives it).
    expect(result.files[0]?.actual.sha256).toBe('a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9');
  });

  it('exits 2 for a missing or damaged manifest', async () => {
    const missing = await run('verify', join(directory, 'nothing'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('manifest not found');
    await writeFile(join(directory, 'manifest.json'), '{"specificationVersion":"v1"}');
    const damaged = await run('verify', directory);
    expect(damaged.exitCode).toBe(2);
    expect(damaged.stderr).toMatch(/manifest\.json \(kind\): expected a string/);
    expect((await run('verify')).exitCode).toBe(2);
  });
});
