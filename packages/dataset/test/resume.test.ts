import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ingestDataset, openDocumentSource } from '../src/index.js';
import { slowDropStage } from './fixtures/slow-stage.js';
import { readAll, temporaryDirectory, zstdCli } from './helpers.js';

const packageDirectory = new URL('..', import.meta.url).pathname;

/** Bundles the child script from source (our workspace packages inlined, npm packages external) so it runs under plain node. */
async function bundleChild(): Promise<string> {
  const outDirectory = join(packageDirectory, 'node_modules', '.cache', 'oellm-dataset-test');
  mkdirSync(outDirectory, { recursive: true });
  const outfile = join(outDirectory, 'ingest-child.mjs');
  await build({
    entryPoints: [join(packageDirectory, 'test', 'fixtures', 'ingest-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@oellm/source'],
    external: ['apache-arrow', 'hyparquet', 'hyparquet-writer', 'hyparquet-compressors', 'fzstd', '@bokuweb/zstd-wasm', 'zstd-napi'],
    // package.json is read relative to import.meta.url at run time.
    define: {},
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  // The bundle reads ../package.json relative to itself: give it one.
  writeFileSync(join(outDirectory, '..', 'package.json'), readFileSync(join(packageDirectory, 'package.json')));
  return outfile;
}

describe('resume after a kill', () => {
  it('keeps completed shards and writes the rest with no duplicate and no missing document', async () => {
    const directory = temporaryDirectory();
    const total = 1500;
    const lines = Array.from({ length: total }, (_, index) => JSON.stringify({ id: `doc-${index}`, text: `Dokument numru ${index}: ${'kliem '.repeat(index % 13)}` }));
    lines.splice(700, 0, 'not json at all');
    const plain = join(directory, 'corpus.jsonl');
    writeFileSync(plain, `${lines.join('\n')}\n`);
    zstdCli(plain, `${plain}.zst`);
    const input = `${plain}.zst`;
    const out = join(directory, 'dataset');

    const child = spawn(process.execPath, [await bundleChild(), input, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill it once a few shards are complete, in the middle of the run.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const journal = join(out, '_progress.json');
      if (existsSync(journal) && (JSON.parse(readFileSync(journal, 'utf8')) as { shards: unknown[] }).shards.length >= 3) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the child did not get far enough: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    const completedBefore = readdirSync(out).filter((name) => /^shard-\d+\.parquet$/.test(name)).sort();
    expect(completedBefore.length).toBeGreaterThanOrEqual(3);
    const bytesBefore = completedBefore.map((name) => readFileSync(join(out, name)));

    const summary = await ingestDataset({ inputs: [input], out, format: 'parquet', maxRowsPerShard: 100, batchSize: 50, stages: [slowDropStage(0)] });
    expect(summary.resumed).toBe(true);
    // Shards completed before the kill are kept byte for byte.
    completedBefore.forEach((name, index) => expect(readFileSync(join(out, name)).equals(bytesBefore[index]!)).toBe(true));
    expect(readdirSync(out).filter((name) => name.includes('.partial-'))).toEqual([]);

    const expectedIds = Array.from({ length: total }, (_, index) => `doc-${index}`).filter((id) => !id.endsWith('7'));
    const { documents } = await readAll(await openDocumentSource([out]));
    expect(documents.map((document) => document.id)).toEqual(expectedIds);
    expect(summary.documentsIn).toBe(total + 1);
    expect(summary.kept + summary.dropped['test:ends_in_7']! + summary.quarantined).toBe(total + 1);
    expect(summary.quarantined).toBe(1);
  });
});
