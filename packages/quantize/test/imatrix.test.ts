import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@oellm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createGgufWriter, GgufValueType, openGguf, quantizeModel, readImatrix } from '../src/index.js';
import { llamaQuantize } from './support/llama-quantize-oracle.js';
import { seededRandom } from './support/synthetic-rows.js';
import { writeSyntheticLlama } from './support/synthetic-llama.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const directory = await mkdtemp(join(tmpdir(), 'oellm-imatrix-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Raw statistics as llama-imatrix collects them: per tensor, sums of squared activations and a count. */
async function syntheticStatistics(model: string): Promise<Map<string, { sums: Float32Array; count: number }>> {
  const reader = await openGguf(model);
  const random = seededRandom(3);
  const statistics = new Map<string, { sums: Float32Array; count: number }>();
  for (const tensor of reader.tensors) {
    if (tensor.shape.length < 2 || tensor.name.startsWith('token_embd') || tensor.name === 'output.weight') continue;
    statistics.set(tensor.name, { sums: Float32Array.from({ length: tensor.shape[0]! }, () => 100 * (0.05 + random()) ** 2), count: 100 });
  }
  await reader.close();
  return statistics;
}

async function writeGgufImatrix(path: string, statistics: Map<string, { sums: Float32Array; count: number }>): Promise<void> {
  const writer = createGgufWriter(path);
  writer.setMetadata('general.type', 'imatrix');
  writer.setMetadata('imatrix.datasets', ['synthetic'], GgufValueType.ARRAY, GgufValueType.STRING);
  writer.setMetadata('imatrix.chunk_count', 100, GgufValueType.UINT32);
  writer.setMetadata('imatrix.chunk_size', 512, GgufValueType.UINT32);
  for (const [name, { sums, count }] of statistics) {
    await writer.writeTensor({ name: `${name}.in_sum2`, shape: [sums.length, 1], type: 'F32', byteLength: sums.byteLength }, new Uint8Array(sums.buffer.slice(0)));
    await writer.writeTensor({ name: `${name}.counts`, shape: [1, 1], type: 'F32', byteLength: 4 }, new Uint8Array(Float32Array.of(count).buffer));
  }
  await writer.close();
}

/** The legacy .dat layout: n_entries, then per entry name, ncall, nval, values; then last_call and dataset. */
async function writeLegacyImatrix(path: string, statistics: Map<string, { sums: Float32Array; count: number }>): Promise<void> {
  const parts: Buffer[] = [];
  const int32 = (value: number) => { const buffer = Buffer.alloc(4); buffer.writeInt32LE(value); return buffer; };
  parts.push(int32(statistics.size));
  for (const [name, { sums, count }] of statistics) {
    parts.push(int32(Buffer.byteLength(name)), Buffer.from(name), int32(count), int32(sums.length), Buffer.from(sums.buffer.slice(0)));
  }
  parts.push(int32(100), int32(9), Buffer.from('synthetic'));
  await writeFile(path, Buffer.concat(parts));
}

describe('importance matrices', () => {
  it('GGUF and legacy .dat files give the same normalised values', async () => {
    const statistics = await syntheticStatistics(stories);
    await writeGgufImatrix(join(directory, 'imatrix.gguf'), statistics);
    await writeLegacyImatrix(join(directory, 'imatrix.dat'), statistics);
    const modern = await readImatrix(join(directory, 'imatrix.gguf'));
    const legacy = await readImatrix(join(directory, 'imatrix.dat'));
    expect(modern.format).toBe('gguf');
    expect(legacy.format).toBe('legacy');
    expect(legacy.datasets).toEqual(['synthetic']);
    expect(modern.entries.size).toBe(statistics.size);
    for (const [name, values] of modern.entries) expect(Buffer.from(values.buffer).equals(Buffer.from(legacy.entries.get(name)!.buffer))).toBe(true);
    const [name, { sums }] = [...statistics][0]!;
    expect(modern.entries.get(name)![0]).toBe(Math.fround(sums[0]! / 100));
  });

  for (const [label, recipe, model] of [
    ['stories260K, Q4_0 (ffn_down rule changes with an imatrix)', 'Q4_0', stories],
    ['synthetic Llama, Q4_K_M', 'Q4_K_M', 'synthetic'],
    ['synthetic Llama, Q2_K', 'Q2_K', 'synthetic'],
  ] as const) {
    it(`quantising with an imatrix matches llama_model_quantize given the same importance (${label})`, async () => {
      let input: string = model;
      if (model === 'synthetic') {
        input = join(directory, 'synthetic.gguf');
        await writeSyntheticLlama(input, { layers: 2, embedding: 256, feedForward: 256, heads: 4, headsKv: 2, vocabulary: 260 });
      }
      const statistics = await syntheticStatistics(input);
      await writeGgufImatrix(join(directory, `${recipe}.imatrix.gguf`), statistics);
      const { entries } = await readImatrix(join(directory, `${recipe}.imatrix.gguf`));
      const reference = join(directory, `${recipe}-llama-imatrix.gguf`);
      const ours = join(directory, `${recipe}-ours-imatrix.gguf`);
      llamaQuantize(input, reference, recipe, { importance: entries });
      const report = await quantizeModel({ input, output: ours, fileType: recipe, importance: entries, manifest: false, measureErrors: false });
      expect(report.tensors.some((tensor) => tensor.importance)).toBe(true);
      expect((await readFile(ours)).equals(await readFile(reference))).toBe(true);
    });
  }

  it('refuses a truncated or absurd legacy .dat with an InputError', async () => {
    const statistics = await syntheticStatistics(stories);
    const path = join(directory, 'whole.dat');
    await writeLegacyImatrix(path, statistics);
    const whole = await readFile(path);
    for (const [label, bytes] of [
      ['truncated', whole.subarray(0, 200)],
      ['absurd entry count', Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0x7f]), whole.subarray(4)])],
    ] as const) {
      const bad = join(directory, `bad-${label.replace(/ /g, '-')}.dat`);
      await writeFile(bad, bytes);
      const error = await readImatrix(bad).then(() => undefined, (caught: unknown) => caught);
      expect(InputError.isInstance(error), label).toBe(true);
      expect((error as InputError).code).toBe('invalid_imatrix');
    }
  });

  it('user overrides match llama_model_quantize given the same --tensor-type patterns', async () => {
    const reference = join(directory, 'override-llama.gguf');
    const ours = join(directory, 'override-ours.gguf');
    llamaQuantize(stories, reference, 'Q4_0', { overrides: [{ pattern: 'attn_v', ggmlType: 8 }, { pattern: 'blk\\.[12]\\.ffn_(up|gate)', ggmlType: 6 }] });
    await quantizeModel({ input: stories, output: ours, fileType: 'Q4_0', overrides: [{ pattern: 'attn_v', type: 'Q8_0' }, { pattern: 'blk\\.[12]\\.ffn_(up|gate)', type: 'Q5_0' }], manifest: false });
    expect((await readFile(ours)).equals(await readFile(reference))).toBe(true);
  });
});
