import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@oellm/core';
import { runConformanceChecks, tensorReaderChecks } from '@oellm/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { float32ToBfloat16Bits, float32ToFloat16Bits, openSafetensors } from '../src/index.js';

const directory = await mkdtemp(join(tmpdir(), 'oellm-safetensors-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

type Entry = { name: string; dtype: string; shape: number[]; data: Buffer };

/** The safetensors layout by its definition: u64 header length, JSON header, then the data. */
function safetensorsBytes(entries: Entry[], metadata?: Record<string, string>, patch?: (header: Record<string, unknown>) => void): Buffer {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const entry of entries) {
    header[entry.name] = { dtype: entry.dtype, shape: entry.shape, data_offsets: [offset, offset + entry.data.length] };
    offset += entry.data.length;
  }
  patch?.(header);
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, ...entries.map((entry) => entry.data)]);
}

const values = Float32Array.from({ length: 6 }, (_, index) => (index - 2.5) / 3);
const f32 = Buffer.from(values.buffer);
const f16 = Buffer.from(Uint16Array.from(values, (value) => float32ToFloat16Bits(value)).buffer);
const bf16 = Buffer.from(Uint16Array.from(values, (value) => float32ToBfloat16Bits(value)).buffer);
const entries: Entry[] = [
  { name: 'model.embed_tokens.weight', dtype: 'F32', shape: [2, 3], data: f32 },
  { name: 'model.layers.0.self_attn.q_proj.weight', dtype: 'F16', shape: [3, 2], data: f16 },
  { name: 'model.norm.weight', dtype: 'BF16', shape: [6], data: bf16 },
];

describe('safetensors reader', () => {
  it('reads a single file: shapes innermost first, F32/F16/BF16 to float32, metadata', async () => {
    const path = join(directory, 'model.safetensors');
    await writeFile(path, safetensorsBytes(entries, { format: 'pt' }));
    const reader = await openSafetensors(path);
    expect(reader.metadata.get('format')).toBe('pt');
    expect(reader.tensors.map((tensor) => [tensor.name, tensor.type, tensor.shape])).toEqual([
      ['model.embed_tokens.weight', 'F32', [3, 2]],
      ['model.layers.0.self_attn.q_proj.weight', 'F16', [2, 3]],
      ['model.norm.weight', 'BF16', [6]],
    ]);
    expect(Array.from(await reader.readFloat32('model.embed_tokens.weight'))).toEqual(Array.from(values));
    const half = await reader.readFloat32('model.layers.0.self_attn.q_proj.weight');
    for (let index = 0; index < 6; index++) expect(half[index]).toBeCloseTo(values[index]!, 3);
    const brain = await reader.readFloat32('model.norm.weight');
    for (let index = 0; index < 6; index++) expect(brain[index]).toBeCloseTo(values[index]!, 2);
    await reader.close();
  });

  it('reads shards listed by model.safetensors.index.json (from the directory) and passes the TensorReader suite', async () => {
    const shards = join(directory, 'sharded');
    await rm(shards, { recursive: true, force: true });
    await import('node:fs/promises').then(({ mkdir }) => mkdir(shards));
    await writeFile(join(shards, 'model-00001-of-00002.safetensors'), safetensorsBytes(entries.slice(0, 2)));
    await writeFile(join(shards, 'model-00002-of-00002.safetensors'), safetensorsBytes(entries.slice(2)));
    const weightMap = Object.fromEntries(entries.map((entry, index) => [entry.name, `model-0000${index < 2 ? 1 : 2}-of-00002.safetensors`]));
    await writeFile(join(shards, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: 48 }, weight_map: weightMap }));
    const reader = await openSafetensors(shards);
    expect(reader.tensors.map((tensor) => tensor.name)).toEqual(entries.map((entry) => entry.name));
    expect(reader.metadata.get('total_size')).toBe('48');
    await reader.close();
    const failed = (await runConformanceChecks(tensorReaderChecks(() => openSafetensors(shards), { expectedTensors: 3 }))).filter((result) => !result.passed);
    expect(failed).toEqual([]);
  });

  const bad: Array<[string, () => Buffer, RegExp]> = [
    ['a header over 100 MB', () => { const bytes = safetensorsBytes(entries); bytes.writeBigUInt64LE(200n * 1024n * 1024n); return bytes; }, /header_size\).*over 100 MB/],
    ['a header longer than the file', () => { const bytes = safetensorsBytes(entries); bytes.writeBigUInt64LE(BigInt(bytes.length)); return bytes; }, /truncated/],
    ['invalid JSON', () => { const bytes = safetensorsBytes(entries); bytes.write('x', 8); return bytes; }, /not valid JSON/],
    ['an unknown dtype', () => safetensorsBytes(entries, undefined, (header) => { (header['model.norm.weight'] as { dtype: string }).dtype = 'F8_E4M3'; }), /model\.norm\.weight\.dtype/],
    ['offsets that do not match the shape', () => safetensorsBytes(entries, undefined, (header) => { (header['model.norm.weight'] as { shape: number[] }).shape = [7]; }), /needs 14/],
    ['offsets past the end', () => safetensorsBytes(entries).subarray(0, -4), /past the .* data bytes/],
    ['overlapping tensors', () => safetensorsBytes(entries, undefined, (header) => { (header['model.norm.weight'] as { data_offsets: number[] }).data_offsets = [0, 12]; }), /overlaps/],
    ['a shape whose product overflows', () => safetensorsBytes(entries, undefined, (header) => { (header['model.norm.weight'] as { shape: number[] }).shape = [2 ** 30, 2 ** 30, 2 ** 30]; }), /overflows/],
  ];
  for (const [label, make, message] of bad) {
    it(`refuses ${label} with an InputError`, async () => {
      const path = join(directory, 'bad.safetensors');
      await writeFile(path, make());
      const error = await openSafetensors(path).then(() => undefined, (caught: unknown) => caught);
      expect(InputError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message, (error as Error).message).toMatch(message);
    });
  }
});
