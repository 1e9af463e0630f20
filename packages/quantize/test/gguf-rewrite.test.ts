import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createGgufWriter, openGguf, quantizeModel } from '../src/index.js';
import { writeSyntheticLlama } from './support/synthetic-llama.js';
import { greedyFromBos } from './support/llama-runtime.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const directory = await mkdtemp(join(tmpdir(), 'oellm-gguf-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

async function rewrite(target: string, declare: boolean): Promise<void> {
  const reader = await openGguf(stories);
  const writer = createGgufWriter(target, { alignment: reader.alignment });
  for (const [key, entry] of reader.entries) writer.setMetadataEntry(key, entry);
  if (declare) writer.declareTensors(reader.tensors);
  // Written in reverse order: with declared tensors each lands at its own offset regardless.
  const order = declare ? [...reader.tensors].reverse() : reader.tensors;
  for (const tensor of order) await writer.writeTensor(tensor, await reader.read(tensor.name));
  await writer.close();
  await reader.close();
}

describe('GGUF reader and writer on stories260K', () => {
  it('reads what llama.cpp wrote: metadata with types, 48 tensors', async () => {
    const reader = await openGguf(stories);
    expect(reader.version).toBe(3);
    expect(reader.metadata.get('general.architecture')).toBe('llama');
    expect(reader.metadata.get('llama.feed_forward_length')).toBe(172);
    expect((reader.metadata.get('tokenizer.ggml.tokens') as string[]).length).toBe(512);
    expect(reader.tensors.length).toBe(48);
    expect(reader.tensor('blk.0.ffn_down.weight').shape).toEqual([172, 64]);
    const weights = await reader.readFloat32('output_norm.weight');
    expect(weights.length).toBe(64);
    await reader.close();
  });

  for (const declare of [true, false]) {
    it(`re-writes the file byte for byte (${declare ? 'declared tensors, written out of order' : 'staged tensors'})`, async () => {
      const target = join(directory, declare ? 'declared.gguf' : 'staged.gguf');
      await rewrite(target, declare);
      expect((await readFile(target)).equals(await readFile(stories))).toBe(true);
      expect((await readdir(directory)).filter((name) => name.includes('.partial-'))).toEqual([]);
    });
  }

  it('node-llama-cpp loads the rewritten file and continues BOS with the TinyStories opening', async () => {
    const target = join(directory, 'declared.gguf');
    const text = await greedyFromBos(target, 16);
    expect(text.trimStart().startsWith('Once upon a time, there was a little girl named Lily')).toBe(true);
  });

  it('node-llama-cpp runs our Q8_0 stories260K and still tells the same story', async () => {
    const target = join(directory, 'stories-Q8_0.gguf');
    await quantizeModel({ input: stories, output: target, fileType: 'Q8_0', manifest: false });
    const text = await greedyFromBos(target, 12);
    expect(text.trimStart().startsWith('Once upon a time')).toBe(true);
  });

  it('node-llama-cpp loads and generates from a K-quant (Q4_K_M) file we wrote', async () => {
    const input = join(directory, 'synthetic.gguf');
    await writeSyntheticLlama(input, { layers: 2, embedding: 256, feedForward: 256, heads: 4, headsKv: 2, vocabulary: 300 });
    const target = join(directory, 'synthetic-Q4_K_M.gguf');
    const report = await quantizeModel({ input, output: target, fileType: 'Q4_K_M', manifest: false });
    expect(new Set(report.tensors.map((tensor) => tensor.type))).toEqual(new Set(['Q4_K', 'Q6_K', 'F32']));
    expect((await greedyFromBos(target, 8)).length).toBeGreaterThan(0);
  });

  it('abort leaves nothing behind', async () => {
    const target = join(directory, 'aborted.gguf');
    const writer = createGgufWriter(target);
    writer.setMetadata('general.architecture', 'llama');
    writer.declareTensors([{ name: 'a', shape: [4], type: 'F32', byteLength: 16 }]);
    await writer.writeTensor({ name: 'a', shape: [4], type: 'F32', byteLength: 16 }, new Uint8Array(16));
    await writer.abort();
    expect((await readdir(directory)).filter((name) => name.startsWith('.aborted') || name === 'aborted.gguf')).toEqual([]);
  });
});
