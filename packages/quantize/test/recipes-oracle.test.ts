import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@oellm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseTensorTypes, getFileType, openGguf, quantizeModel } from '../src/index.js';
import { llamaQuantize } from './support/llama-quantize-oracle.js';
import { writeSyntheticLlama } from './support/synthetic-llama.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const directory = await mkdtemp(join(tmpdir(), 'oellm-recipes-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const recipes = ['Q8_0', 'Q6_K', 'Q5_K_M', 'Q5_K_S', 'Q4_K_M', 'Q4_K_S', 'Q3_K_M', 'Q3_K_S', 'Q3_K_L', 'Q2_K', 'Q4_0', 'Q4_1', 'Q5_0', 'Q5_1', 'F16', 'BF16'];

// 16 layers with 256-multiple widths, so K-quants apply and every per-layer rule (use_more_bits,
// first n/8 and n/16 layers, attn_v counters, GQA 4) fires; checked for the type of each tensor.
const deep = join(directory, 'synthetic-16-layers.gguf');
await writeSyntheticLlama(deep, { layers: 16, embedding: 256, feedForward: 256, heads: 8, headsKv: 2, vocabulary: 256 });
// A 2-layer model of the same widths for whole-file byte comparisons (kept small for the CI budget).
const shallow = join(directory, 'synthetic-2-layers.gguf');
await writeSyntheticLlama(shallow, { layers: 2, embedding: 256, feedForward: 256, heads: 4, headsKv: 1, vocabulary: 300 });

async function typesOf(path: string): Promise<string[]> {
  const reader = await openGguf(path);
  const types = reader.tensors.map((tensor) => `${tensor.name}=${tensor.type}`);
  await reader.close();
  return types;
}

async function predictedTypes(input: string, recipe: string): Promise<string[]> {
  const reader = await openGguf(input);
  const choices = chooseTensorTypes(reader.tensors, reader.metadata, getFileType(recipe));
  await reader.close();
  return choices.map((choice) => `${choice.name}=${choice.type}`);
}

describe.each([
  ['stories260K (FFN width 172: fallbacks)', stories, 'stories'],
  ['a 2-layer synthetic Llama with 256-multiple widths', shallow, 'shallow'],
])('recipes on %s: the same file as llama_model_quantize, byte for byte', (_label, input, tag) => {
  it.each(recipes)('%s', async (recipe) => {
    const reference = join(directory, `${tag}-${recipe}-llama.gguf`);
    const ours = join(directory, `${tag}-${recipe}-ours.gguf`);
    llamaQuantize(input, reference, recipe);
    expect(await predictedTypes(input, recipe)).toEqual(await typesOf(reference));
    await quantizeModel({ input, output: ours, fileType: recipe, threads: 0, measureErrors: false, manifest: false });
    const [left, right] = await Promise.all([readFile(ours), readFile(reference)]);
    expect(left.length).toBe(right.length);
    expect(left.equals(right)).toBe(true);
  });
});

describe('recipes on a 16-layer synthetic Llama: the type of every tensor as llama_model_quantize chooses', () => {
  it.each(recipes)('%s', async (recipe) => {
    const reference = join(directory, `deep-${recipe}-llama.gguf`);
    llamaQuantize(deep, reference, recipe);
    expect(await predictedTypes(deep, recipe)).toEqual(await typesOf(reference));
    await rm(reference);
  });
});

describe('re-quantising an already quantised model', () => {
  it('is refused by default and, when allowed, gives llama_model_quantize --allow-requantize bytes', async () => {
    const q8 = join(directory, 'requantize-source-Q8_0.gguf');
    await quantizeModel({ input: shallow, output: q8, fileType: 'Q8_0', manifest: false, measureErrors: false });
    const refused = await quantizeModel({ input: q8, output: join(directory, 'refused.gguf'), fileType: 'Q4_K_M', manifest: false }).then(() => undefined, (error: unknown) => error);
    expect(InputError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/already Q8_0/);
    const reference = join(directory, 'requantized-llama.gguf');
    const ours = join(directory, 'requantized-ours.gguf');
    llamaQuantize(q8, reference, 'Q4_K_M', { allowRequantize: true });
    await quantizeModel({ input: q8, output: ours, fileType: 'Q4_K_M', allowRequantize: true, manifest: false, measureErrors: false });
    expect((await readFile(ours)).equals(await readFile(reference))).toBe(true);
  });
});
