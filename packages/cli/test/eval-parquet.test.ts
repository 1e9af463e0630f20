import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));

// A Belebele-style multiple-choice table: numbered answer columns and a 0-based correct index.
const questions = [
  { id: 1, question: 'Once upon a time, there was a little', mc_answer1: ' girl', mc_answer2: ' spaceship', correct_index: 0 },
  { id: 2, question: 'The sun was', mc_answer1: ' bright', mc_answer2: ' quantum', correct_index: 0 },
  { id: 3, question: 'Lily liked to play with her', mc_answer1: ' thermodynamics', mc_answer2: ' toys', correct_index: 1 },
];

function taskFile(directory: string, extension: 'jsonl' | 'parquet'): string {
  const path = join(directory, `stories-${extension}.yaml`);
  writeFileSync(
    path,
    [
      'name: stories-choice',
      'output_type: multiple_choice',
      'languages: [en]',
      `dataset: { path: "questions-{language}.${extension}" }`,
      'doc_to_text: "{{question}}"',
      'doc_to_choice: ["{{mc_answer1}}", "{{mc_answer2}}"]',
      'doc_to_target: correct_index',
      'metrics: [acc, acc_norm]',
      'id_field: id',
    ].join('\n'),
  );
  return path;
}

describe('oellm eval with Parquet task data', () => {
  it('reads a task table written by DuckDB and scores it exactly as the same data in JSONL', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'oellm-cli-eval-parquet-'));
    const jsonl = join(directory, 'questions-en.jsonl');
    writeFileSync(jsonl, `${questions.map((question) => JSON.stringify(question)).join('\n')}\n`);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM read_json('${jsonl}')) TO '${join(directory, 'questions-en.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
    connection.closeSync();
    instance.closeSync();

    const results: Record<string, unknown>[] = [];
    for (const extension of ['jsonl', 'parquet'] as const) {
      const out = join(directory, `out-${extension}`);
      const { exitCode, stderr } = await run('eval', '--model', stories, '--tasks', taskFile(directory, extension), '--out', out, '--json');
      expect(exitCode, stderr).toBe(0);
      results.push(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).results);
    }
    const [fromJsonl, fromParquet] = results as Array<Record<string, Record<string, number>>>;
    expect(Object.keys(fromParquet!)).toEqual(Object.keys(fromJsonl!));
    const scores = Object.values(fromParquet!)[0]!;
    expect(scores['acc,none']).toBeGreaterThanOrEqual(0);
    expect(fromParquet).toEqual(fromJsonl);
  });
});
