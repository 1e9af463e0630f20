import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { floresFiles, temporaryDirectory } from './helpers/reference-tools.js';

// HPC jobs often run under a virtual-memory limit (`ulimit -v`, Slurm's VSizeFactor). Training
// reserves address space for its growing arrays; it must reserve what they can really need, not
// gigabytes per table. Measured on the FLORES lines below (2 threads): Node 20 itself starts
// under 1 GB, the code before resizable arrays trained under 3 GB, the first resizable-array code
// failed even under 12 GB. 8 GB leaves a wide margin both ways.
const limitKilobytes = 8_000_000;

const entry = new URL('../dist/index.js', import.meta.url);

// Trains each case on the built package and prints the models' sha256 as JSON.
const childScript = `
import { createHash } from 'node:crypto';
const [entry, corpus, cases] = process.argv.slice(1);
const { sentencePieceTrainer, serializeModel } = await import(entry);
const { readFileSync } = await import('node:fs');
const lines = readFileSync(corpus, 'utf8').split('\\n').filter((line) => line !== '');
const hashes = {};
for (const [modelType, threads] of JSON.parse(cases)) {
  const { model } = await sentencePieceTrainer.trainModel(lines, { vocabularySize: 1000, modelType, threads, normalizationRuleName: 'identity' });
  hashes[modelType + ' ' + threads] = createHash('sha256').update(serializeModel(model)).digest('hex');
}
console.log(JSON.stringify(hashes));
`;

// Run first in the same shell: whether reserving 16 GB (4 GB at a time, V8's largest) is refused.
const probeScript = `const held = []; try { for (let index = 0; index < 4; index++) held.push(new ArrayBuffer(0, { maxByteLength: 4e9 })); console.log('unlimited'); } catch { console.log('limited'); }`;

let corpus: string;
beforeAll(() => {
  corpus = join(temporaryDirectory('address-space'), 'flores.txt');
  const wanted = new Set(['deu_Latn.dev', 'fra_Latn.dev', 'pol_Latn.dev', 'ell_Grek.dev', 'mlt_Latn.dev', 'fin_Latn.dev']);
  writeFileSync(corpus, floresFiles().filter(([name]) => wanted.has(name)).flatMap(([, lines]) => lines.slice(0, 500)).join('\n') + '\n');
});

function trainInChild(cases: [string, number][], limit?: number): { limited: boolean; hashes: Record<string, string> } {
  const quote = (words: string[]): string => words.map((argument) => `'${argument.replaceAll("'", "'\\''")}'`).join(' ');
  const probe = quote([process.execPath, '-e', probeScript]);
  const train = quote([process.execPath, '--input-type=module', '-e', childScript, entry.href, corpus, JSON.stringify(cases)]);
  const command = `${limit === undefined ? '' : `ulimit -v ${limit} && `}${probe} && exec ${train}`;
  const result = spawnSync('bash', ['-c', command], { encoding: 'utf8', timeout: 150_000 });
  expect(result.status, `training under ${limit ?? 'no'} KB of address space failed:\n${result.stderr}`).toBe(0);
  const [probed, hashes] = result.stdout.trim().split('\n');
  return { limited: probed === 'limited', hashes: JSON.parse(hashes!) as Record<string, string> };
}

describe('training under a virtual-memory limit (built package)', () => {
  it(`trains BPE and Unigram on 0 and 2 threads under ulimit -v ${limitKilobytes} KB, the same models as without a limit`, () => {
    expect(existsSync(fileURLToPath(entry)), 'build the package first: pnpm --filter @oellm/tokenizer build').toBe(true);
    expect(execFileSync('bash', ['-c', 'type ulimit'], { encoding: 'utf8' })).toMatch(/builtin/);
    const cases: [string, number][] = [
      ['bpe', 0],
      ['bpe', 2],
      ['unigram', 0],
      ['unigram', 2],
    ];
    const limited = trainInChild(cases, limitKilobytes);
    expect(limited.limited, 'the limit did not apply').toBe(true);
    const unlimited = trainInChild(cases);
    expect(unlimited.limited).toBe(false);
    expect(limited.hashes).toEqual(unlimited.hashes);
    // Threads do not change the model.
    expect(limited.hashes['bpe 2']).toBe(limited.hashes['bpe 0']);
    expect(limited.hashes['unigram 2']).toBe(limited.hashes['unigram 0']);
  }, 300_000);
});
