import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFloresTask } from '../src/index.js';
import { createScriptedModel } from './support/scripted-model.js';

const directory = fileURLToPath(new URL('../../../../shared/data/flores200-dev/', import.meta.url));

describe('the FLORES-200 likelihood task', () => {
  it('reads line-aligned dev files by FLORES code and scores each sentence', async () => {
    const task = createFloresTask({ directory, languages: ['mt', 'lv', 'ga'] });
    expect(task.languages).toEqual(['mt', 'lv', 'ga']);
    const maltese = await task.evaluate(createScriptedModel(), { language: 'mt' });
    expect(maltese).toHaveLength(997);
    expect(maltese[996]!.documentId).toBe('flores-mt-997');
    // The scripted model costs one bit per byte: the (loglikelihood, bytes) pair says so.
    const [logLikelihood, bytes] = maltese[0]!.values.bits_per_byte as [number, number];
    expect(-logLikelihood / Math.LN2 / bytes).toBeCloseTo(1, 12);
    // Latvian is lvs_Latn in FLORES-200; aligned with Maltese line for line.
    expect(await task.evaluate(createScriptedModel(), { language: 'lv', limit: 5 })).toHaveLength(5);
  });

  it('names the missing file', async () => {
    const task = createFloresTask({ directory, languages: ['mt'], split: 'devtest' });
    await expect(task.evaluate(createScriptedModel(), { language: 'mt' })).rejects.toThrow(/mlt_Latn\.devtest: cannot read the devtest file for mt/);
  });
});
