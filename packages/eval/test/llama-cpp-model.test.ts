// The reference is node-llama-cpp 3.21.1's own API, called directly in this file: per-token
// log-probabilities from a fresh context sequence, with its own tokenizer. Our backend must give
// the same numbers after its lm-evaluation-harness bookkeeping (pairs, rolling windows, batching).
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@oellm/core';
import { getLlama, type Llama, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppModel, type LlamaCppModel } from '../src/index.js';

const modelPath = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));

let llama: Llama;
let referenceModel: LlamaModel;
let model: LlamaCppModel;

/** log p(tokens[i] | tokens[0..i)) for i ≥ 1, straight from node-llama-cpp. */
async function referenceLogProbabilities(tokens: readonly number[]): Promise<number[]> {
  const context = await referenceModel.createContext({ contextSize: 512, threads: 1 });
  try {
    const sequence = context.getSequence();
    const outputs = await sequence.controlledEvaluate(tokens.slice(0, -1).map((token) => [token as Token, { generateNext: { probabilities: true } }]));
    return tokens.slice(1).map((target, index) => Math.log(outputs[index]!.next.probabilities!.get(target as Token)!));
  } finally {
    await context.dispose();
  }
}

const bos = () => referenceModel.tokens.bos!;
const tokenize = (text: string) => referenceModel.tokenize(text, false) as number[];
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

beforeAll(async () => {
  llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' as never });
  referenceModel = await llama.loadModel({ modelPath });
  model = await createLlamaCppModel({ modelPath, llama, contextSize: 512, sequences: 3 });
});

afterAll(async () => {
  await model?.close();
  await referenceModel?.dispose();
});

describe('llama.cpp backend on stories260K against node-llama-cpp directly', () => {
  it('identifies the model by the sha256 of its file', () => {
    expect(model.modelId).toBe('gguf-sha256:270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d');
    expect(model.maxBatchSize).toBe(3);
  });

  it('loglikelihood equals the sum of the reference per-token log-probabilities', async () => {
    const context = 'Once upon a time, there was a little';
    const continuation = ' girl named Lily';
    const contextTokens = [bos(), ...tokenize(context)];
    const wholeTokens = [bos(), ...tokenize(context + continuation)];
    const reference = (await referenceLogProbabilities(wholeTokens)).slice(contextTokens.length - 1);
    const [result] = await model.loglikelihood([{ context, continuation }]);
    expect(result!.logLikelihood).toBeCloseTo(sum(reference), 9);
    expect(result!.isGreedy).toBe(true);
  });

  it('moves trailing context whitespace onto the continuation', async () => {
    const [moved, explicit] = await model.loglikelihood([
      { context: 'Once upon a ', continuation: 'time' },
      { context: 'Once upon a', continuation: ' time' },
    ]);
    expect(moved!.logLikelihood).toBe(explicit!.logLikelihood);
  });

  it('reports isGreedy false for a continuation greedy decoding would not produce', async () => {
    const [result] = await model.loglikelihood([{ context: 'Once upon a time, there was a little', continuation: ' elephant' }]);
    expect(result!.isGreedy).toBe(false);
    expect(result!.logLikelihood).toBeLessThan(-1);
  });

  it('conditions an empty context on BOS', async () => {
    const tokens = [bos(), ...tokenize('Once upon a time')];
    const [result] = await model.loglikelihood([{ context: '', continuation: 'Once upon a time' }]);
    expect(result!.logLikelihood).toBeCloseTo(sum(await referenceLogProbabilities(tokens)), 9);
  });

  const story =
    'Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big red ball. She wanted to play with it, but it was too high.';

  it('loglikelihoodRolling scores every token once from BOS (text within one window)', async () => {
    const tokens = tokenize(story);
    const reference = await referenceLogProbabilities([bos(), ...tokens]);
    const [result] = await model.loglikelihoodRolling([{ text: story }]);
    expect(result!.tokenCount).toBe(tokens.length);
    expect(result!.logLikelihood).toBeCloseTo(sum(reference), 8);
    // bits per byte as lm-eval computes it from the same sum.
    const bitsPerByte = -result!.logLikelihood / Math.LN2 / Buffer.byteLength(story);
    expect(bitsPerByte).toBeCloseTo(-sum(reference) / Math.LN2 / Buffer.byteLength(story), 10);
  });

  it('loglikelihoodRolling with short windows equals scoring each lm-eval window directly', async () => {
    const windowed = await createLlamaCppModel({ modelPath, llama, contextSize: 256, maxLength: 16, sequences: 2, modelId: 'stories-window-16' });
    try {
      const tokens = tokenize(story);
      // The windows lm-eval's get_rolling_token_windows(max_seq_len=16, context_len=1) makes, scored directly.
      let expected = 0;
      let predicted = 0;
      const first = Math.min(16, tokens.length);
      expected += sum(await referenceLogProbabilities([bos(), ...tokens.slice(0, first)]));
      predicted = first;
      while (predicted < tokens.length) {
        const length = Math.min(tokens.length - predicted, 16);
        const end = predicted + length;
        const input = tokens.slice(end - 16 - 1, end); // model input plus the last scored token
        expected += sum((await referenceLogProbabilities(input)).slice(-length));
        predicted = end;
      }
      const [result] = await windowed.loglikelihoodRolling([{ text: story }]);
      expect(tokens.length).toBeGreaterThan(40);
      expect(result!.logLikelihood).toBeCloseTo(expected, 8);
    } finally {
      await windowed.close();
    }
  });

  it('generates greedily from BOS: "Once upon a time, there was a little girl named Lily"', async () => {
    const [text, stopped] = await model.generate([
      { context: '', until: [], maxTokens: 16 },
      { context: 'Once upon a time,', until: ['.'], maxTokens: 40 },
    ]);
    expect(text!.startsWith('Once upon a time, there was a little girl named Lily')).toBe(true);
    expect(stopped).toBe(' there was a little girl named Lily');
  });

  it('gives the same results whatever the number of sequences and order of requests', async () => {
    const requests = [
      { context: 'Once upon a time', continuation: ' there' },
      { context: 'Lily saw a', continuation: ' big dog' },
      { context: 'Lily saw a', continuation: ' cat' },
      { context: 'The sun was', continuation: ' shining' },
      { context: 'Once upon a time', continuation: ', there was' },
      { context: 'He said', continuation: ' hello' },
    ];
    const single = await createLlamaCppModel({ modelPath, llama, contextSize: 256, sequences: 1 });
    try {
      const batched = await model.loglikelihood(requests);
      const oneByOne = await single.loglikelihood(requests);
      const reversed = (await model.loglikelihood([...requests].reverse())).reverse();
      for (let index = 0; index < requests.length; index++) {
        expect(batched[index]!.logLikelihood).toBeCloseTo(oneByOne[index]!.logLikelihood, 5);
        expect(reversed[index]!.logLikelihood).toBeCloseTo(oneByOne[index]!.logLikelihood, 5);
        expect(batched[index]!.isGreedy).toBe(oneByOne[index]!.isGreedy);
      }
    } finally {
      await single.close();
    }
  });

  it('gives the same results with 1 and 4 concurrent sequences over many runs (no batch-mixing race)', async () => {
    // Before oneSequencePerBatch, about 8 in 1,200 of these differed, by up to 26 nats. Float
    // rounding differs slightly when a reused KV-cache prefix changes the batch shapes: 1e-4.
    const largestDifference = (actual: readonly { logLikelihood: number }[], wanted: readonly number[]) =>
      Math.max(...actual.map((result, index) => Math.abs(result.logLikelihood - wanted[index]!)));
    const words = ['Lily', 'saw', 'a', 'big', 'dog', 'the', 'sun', 'was', 'happy', 'Tom', 'played', 'ball', 'and', 'cat', 'ran', 'home'];
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const phrase = (length: number) => Array.from({ length }, () => words[Math.floor(next() * words.length)]).join(' ');
    const requests = Array.from({ length: 300 }, (_, index) => ({
      context: index % 3 === 0 ? phrase(3 + Math.floor(next() * 30)) : `Once upon a time ${phrase(2 + (index % 7))}`,
      continuation: ` ${phrase(1 + Math.floor(next() * 4))}`,
    }));
    const single = await createLlamaCppModel({ modelPath, llama, contextSize: 256, sequences: 1 });
    const four = await createLlamaCppModel({ modelPath, llama, contextSize: 256, sequences: 4 });
    try {
      const expected = (await single.loglikelihood(requests)).map((result) => result.logLikelihood);
      for (let run = 0; run < 3; run++) {
        const [first, second] = await Promise.all([four.loglikelihood(requests), four.loglikelihood(requests.slice(0, 40))]);
        expect(largestDifference(first, expected)).toBeLessThan(1e-4);
        expect(largestDifference(second, expected)).toBeLessThan(1e-4);
      }
    } finally {
      await single.close();
      await four.close();
    }
  }, 120_000);

  it('reports progress in requests', async () => {
    const events: string[] = [];
    await model.loglikelihood([{ context: 'a', continuation: ' b' }], { progress: (event) => events.push(event.type) });
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('end');
  });
});

describe('llama.cpp backend on bad model files', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'oellm-eval-bad-model-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('rejects a file that is not GGUF with an InputError naming the file', async () => {
    const path = join(directory, 'model.safetensors');
    await writeFile(path, '{"not":"gguf"}');
    const error = await createLlamaCppModel({ modelPath: path, llama }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('model.safetensors');
    expect((error as Error).message).toContain('is not a GGUF file');
  });

  it('rejects a truncated GGUF with an InputError', async () => {
    const path = join(directory, 'truncated.gguf');
    const bytes = await readFile(modelPath);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await createLlamaCppModel({ modelPath: path, llama }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/truncated\.gguf: llama\.cpp could not load the model/);
  });

  it('rejects a missing file', async () => {
    const error = await createLlamaCppModel({ modelPath: join(directory, 'missing.gguf'), llama }).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
  });

  it('loads a copy of the model from another path', async () => {
    const path = join(directory, 'copy.gguf');
    await copyFile(modelPath, path);
    const copy = await createLlamaCppModel({ modelPath: path, llama, contextSize: 128, sequences: 1 });
    expect(copy.modelId).toBe(model.modelId);
    await copy.close();
  });
});
