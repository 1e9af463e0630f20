import { writeFile } from 'node:fs/promises';
import type { TokenizerTrainerV1, TokenizerV1 } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { runConformanceChecks, tokenizerTrainerChecks, type ConformanceCheck } from '../src/index.js';
import { byteTokenizer } from './implementations.js';

async function failedRules(checks: ConformanceCheck[]): Promise<string[]> {
  return (await runConformanceChecks(checks)).filter((result) => !result.passed).map((result) => result.name);
}

/** A trainer that conforms: it learns nothing and returns the byte tokenizer (256 ids). */
function byteTrainer(overrides: { tokenizer?: () => TokenizerV1; acceptEmpty?: boolean; save?: (prefix: string) => Promise<string[]> } = {}): TokenizerTrainerV1 {
  return {
    specificationVersion: 'v1',
    name: 'bytes',
    async train(corpus) {
      let sentences = 0;
      for await (const _ of corpus as AsyncIterable<string>) sentences++;
      if (sentences === 0 && !overrides.acceptEmpty) throw new Error('empty corpus');
      return {
        tokenizer: overrides.tokenizer?.() ?? byteTokenizer(),
        save:
          overrides.save ??
          (async (prefix) => {
            await writeFile(`${prefix}.bytes`, 'bytes');
            return [`${prefix}.bytes`];
          }),
      };
    },
  };
}

describe('tokenizerTrainerChecks', () => {
  it('passes a conforming trainer', async () => {
    expect(await failedRules(tokenizerTrainerChecks(byteTrainer()))).toEqual([]);
  });

  it('fails a trainer whose vocabulary exceeds vocabularySize', async () => {
    expect(await failedRules(tokenizerTrainerChecks(byteTrainer(), { trainOptions: { vocabularySize: 100 } }))).toContain(
      'trains a tokenizer with at most vocabularySize entries that round-trips every training language',
    );
  });

  it('fails a nondeterministic trainer', async () => {
    let run = 0;
    const shifting = byteTrainer({ tokenizer: () => byteTokenizer({ vocabularySize: 300 + (run++ % 2), encode: (text) => Uint32Array.from(new TextEncoder().encode(text), (byte) => byte + (run % 2)) }) });
    expect(await failedRules(tokenizerTrainerChecks(shifting))).toContain('is deterministic: the same corpus and options give the same segmentation');
  });

  it('fails a trainer that accepts an empty corpus, and one whose save() writes nothing', async () => {
    expect(await failedRules(tokenizerTrainerChecks(byteTrainer({ acceptEmpty: true })))).toEqual(['rejects an empty corpus with an error instead of returning an empty tokenizer']);
    expect(await failedRules(tokenizerTrainerChecks(byteTrainer({ save: async (prefix) => [`${prefix}.missing`] })))).toEqual(['save(prefix) writes files under the prefix and returns their paths']);
  });
});
