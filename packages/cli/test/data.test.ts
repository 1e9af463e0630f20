import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from './run.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'oellm-data-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const flores = (code: string) => new URL(`../../../../shared/data/flores200-dev/${code}.dev`, import.meta.url);

async function writeCorpus(): Promise<string> {
  const lines: string[] = [];
  for (const [lang, code] of [['mt', 'mlt_Latn'], ['ga', 'gle_Latn']] as const) {
    const sentences = (await readFile(flores(code), 'utf8')).split('\n').filter((line) => line !== '').slice(0, 30);
    sentences.forEach((text, index) => lines.push(JSON.stringify({ id: `${lang}-${index}`, text, lang })));
  }
  lines.push(lines[0]!.replace('"mt-0"', '"mt-0-copy"'));
  lines.push('{"id": "broken", "text": ');
  lines.push('{"id": "notext"}');
  const path = join(directory, 'corpus.jsonl');
  await writeFile(path, `${lines.join('\n')}\n`);
  // The reference zstd tool compresses it.
  execFileSync('zstd', ['-q', '--rm', path, '-o', `${path}.zst`]);
  return `${path}.zst`;
}

describe('oellm data', () => {
  it('ingests, dedups, quarantines, and stats prints the balanced counts as JSON', async () => {
    const input = await writeCorpus();
    const out = join(directory, 'dataset');
    const ingest = await run('data', 'ingest', input, '--out', out, '--format', 'arrow', '--dedup', 'exact', '--rows-per-shard', '25', '--threads', '0');
    expect(ingest.stderr).toMatch(/rows\/s.*MB\/s/);
    expect(ingest.exitCode).toBe(0);
    expect(ingest.stdout).toContain('in 63 = kept 60 + dropped 1 (dedup:exact 1) + quarantined 2');
    const stats = await run('data', 'stats', out, '--json');
    expect(stats.exitCode).toBe(0);
    const json = JSON.parse(stats.stdout) as { rows: number; bytes: number; languages: Record<string, number>; dropped: Record<string, number>; quarantined: number };
    expect(json).toMatchObject({ rows: 60, languages: { mt: 30, ga: 30 }, dropped: { 'dedup:exact': 1 }, quarantined: 2 });
    expect(json.bytes).toBeGreaterThan(0);
    const text = await run('data', 'stats', out);
    expect(text.stdout).toMatch(/60 rows in 3 arrow shards/);
    expect(text.stdout).toContain('quarantined: 2 (invalid_json 1, missing_text 1)');
  });

  it('labels languages with --lang-id and runs the quality and PII filters', async () => {
    const lines = [
      JSON.stringify({ id: 'mt', text: (await readFile(flores('mlt_Latn'), 'utf8')).split('\n').slice(0, 4).join(' ') }),
      JSON.stringify({ id: 'ga', text: (await readFile(flores('gle_Latn'), 'utf8')).split('\n').slice(0, 4).join(' ') }),
    ];
    const input = join(directory, 'unlabelled.jsonl');
    await writeFile(input, `${lines.join('\n')}\n`);
    const out = join(directory, 'labelled');
    const ingest = await run('data', 'ingest', input, '--out', out, '--lang-id', '--filters', 'pii,quality', '--format', 'jsonl', '--json');
    expect(ingest.exitCode).toBe(0);
    const stats = JSON.parse((await run('data', 'stats', out, '--json')).stdout) as { rows: number; languages: Record<string, number> };
    expect(stats.languages).toEqual({ mt: 1, ga: 1 });
    expect((await run('data', 'ingest', input, '--out', join(directory, 'bad'), '--filters', 'magic')).exitCode).toBe(2);
  });

  it('exits 2 with the file and line in strict mode, and for bad usage', async () => {
    const input = await writeCorpus();
    const strict = await run('data', 'ingest', input, '--out', join(directory, 'strict'), '--strict');
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toContain(`${input}:62`);
    expect((await run('data', 'ingest', input)).exitCode).toBe(2);
    expect((await run('data', 'ingest', input, '--out', join(directory, 'x'), '--format', 'csv')).exitCode).toBe(2);
    expect((await run('data', 'ingest', input, '--out', join(directory, 'z'), '--threads', '-1')).exitCode).toBe(2);
    expect((await run('data', 'ingest', join(directory, 'missing.jsonl'), '--out', join(directory, 'y'))).exitCode).toBe(2);
    expect((await run('data', 'stats', directory)).exitCode).toBe(2);
    const help = await run('data', 'ingest', '--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--dedup KIND');
  });
});
