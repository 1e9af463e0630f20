import { fileURLToPath } from 'node:url';
import { getLlama, type Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { compareModels, createLlamaCppModel, createUdhrTask, klDivergence, readUdhrArticles } from '../src/index.js';

const modelPath = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));

describe('KL divergence', () => {
  it('follows the definition Σ p ln(p/q)', () => {
    // 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1)
    expect(klDivergence(Float32Array.of(0.5, 0.5), Float32Array.of(0.9, 0.1))).toBeCloseTo(0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(5), 6);
    expect(klDivergence(Float32Array.of(1, 0), Float32Array.of(1, 0))).toBe(0);
  });
});

describe('compareModels on stories260K', () => {
  it('gives next-token distributions equal to node-llama-cpp probabilities, and zero deltas and KL for the same model', async () => {
    const llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });
    const reference = await createLlamaCppModel({ modelPath, llama, contextSize: 256, sequences: 1 });
    const candidate = await createLlamaCppModel({ modelPath, llama, contextSize: 256, sequences: 1 });
    try {
      const text = 'Once upon a time, there was a little girl.';
      const { tokens, distributions } = await reference.nextTokenDistributions(text);
      expect(reference.vocabularySize).toBe(512);
      expect(distributions).toHaveLength(tokens.length);
      // Direct node-llama-cpp reference for the first predicted token (after BOS).
      const direct = await llama.loadModel({ modelPath });
      const context = await direct.createContext({ contextSize: 256, threads: 1 });
      const [output] = await context.getSequence().controlledEvaluate([[direct.tokens.bos!, { generateNext: { probabilities: true } }]]);
      // Evaluated in a batch of one token here and of many in ours: llama.cpp's sums differ in the last float32 bits.
      expect(distributions[0]![tokens[0]!]).toBeCloseTo(output!.next.probabilities!.get(tokens[0]! as Token)!, 6);
      await context.dispose();
      await direct.dispose();
      let sum = 0;
      for (const probability of distributions[3]!) sum += probability;
      expect(sum).toBeCloseTo(1, 5);

      const comparison = await compareModels({
        reference,
        candidate,
        tasks: [createUdhrTask()],
        languages: ['en'],
        limit: 2,
        divergenceTexts: { en: (await readUdhrArticles('eng')).slice(0, 1) },
      });
      expect(comparison.rows.map((row) => row.metric)).toEqual(['bits_per_byte', 'byte_perplexity', 'word_perplexity']);
      for (const row of comparison.rows) expect(row.delta).toBe(0);
      expect(comparison.divergence[0]!.meanKlDivergence).toBe(0);
      expect(comparison.divergence[0]!.tokens).toBeGreaterThan(50);
    } finally {
      await reference.close();
      await candidate.close();
    }
  });
});
