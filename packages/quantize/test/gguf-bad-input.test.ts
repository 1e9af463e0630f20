import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@oellm/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createGgufWriter, GgufValueType, openGguf } from '../src/index.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));
const directory = await mkdtemp(join(tmpdir(), 'oellm-gguf-bad-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** A small valid GGUF: one metadata string, one array, two F32 tensors. Returns its bytes. */
async function smallGguf(): Promise<Buffer> {
  const path = join(directory, 'small.gguf');
  const writer = createGgufWriter(path);
  writer.setMetadata('general.architecture', 'llama');
  writer.setMetadata('list', [1, 2, 3], GgufValueType.ARRAY, GgufValueType.INT32);
  writer.declareTensors([
    { name: 'a', shape: [8, 2], type: 'F32', byteLength: 64 },
    { name: 'b', shape: [4], type: 'F32', byteLength: 16 },
  ]);
  await writer.writeTensor({ name: 'a', shape: [8, 2], type: 'F32', byteLength: 64 }, new Uint8Array(64));
  await writer.writeTensor({ name: 'b', shape: [4], type: 'F32', byteLength: 16 }, new Uint8Array(16));
  await writer.close();
  return readFile(path);
}

// Header layout of smallGguf (GGUF v3): magic 0, version 4, tensor_count 8, kv_count 16,
// key "general.architecture" at 24 (8 + 20 bytes), its type at 52, value length at 56, value at 64,
// key "list" at 69, type at 81, array type at 85, array length at 89, values at 97, then tensor infos at 109
// ("a": name, n_dims at 118, ne at 122, type at 138, offset at 142; "b" from 150, its offset at 175).
const offsets = { version: 4, tensorCount: 8, kvCount: 16, firstStringLength: 56, arrayType: 85, arrayLength: 89, firstTensor: 109, secondTensorOffset: 175 };

async function openPatched(patch: (bytes: Buffer) => Buffer | void): Promise<unknown> {
  const bytes = Buffer.from(await smallGguf());
  const patched = patch(bytes) ?? bytes;
  const path = join(directory, `patched-${Math.random().toString(36).slice(2)}.gguf`);
  await writeFile(path, patched);
  try {
    const reader = await openGguf(path);
    await reader.close();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await rm(path, { force: true });
  }
}

describe('GGUF reader refuses bad input with an InputError naming field and offset', () => {
  it('the unpatched file opens', async () => {
    expect(await openPatched(() => {})).toBeUndefined();
  });

  const cases: Array<[string, (bytes: Buffer) => Buffer | void, RegExp]> = [
    ['bad magic', (bytes) => void bytes.write('GGML', 0), /@0 \(magic\)/],
    ['version 1', (bytes) => void bytes.writeUInt32LE(1, offsets.version), /@4 \(version\).*version 1/],
    ['absurd tensor count', (bytes) => void bytes.writeBigUInt64LE(1n << 60n, offsets.tensorCount), /@8 \(tensor_count\)/],
    ['absurd metadata count', (bytes) => void bytes.writeBigUInt64LE(0xffffffffffffffffn, offsets.kvCount), /@16 \(metadata_kv_count\)/],
    ['absurd string length', (bytes) => void bytes.writeBigUInt64LE(1n << 40n, offsets.firstStringLength), /@56 \(general\.architecture\).*1099511627776/],
    ['absurd array length', (bytes) => void bytes.writeBigUInt64LE(1n << 50n, offsets.arrayLength), /@89 \(metadata 'list' array length\)/],
    ['nested array', (bytes) => void bytes.writeUInt32LE(GgufValueType.ARRAY, offsets.arrayType), /nested array/],
    ['five dimensions', (bytes) => void bytes.writeUInt32LE(5, offsets.firstTensor + 9), /n_dims\).*at most 4/],
    ['dimension product overflow', (bytes) => {
      bytes.writeBigInt64LE(1n << 40n, offsets.firstTensor + 13);
      bytes.writeBigInt64LE(1n << 40n, offsets.firstTensor + 21);
    }, /overflows|past the end/],
    ['unknown tensor type', (bytes) => void bytes.writeUInt32LE(99, offsets.firstTensor + 29), /type\).*99/],
    ['offset past the end', (bytes) => void bytes.writeBigUInt64LE(1n << 40n, offsets.firstTensor + 33), /offset\).*past the end/],
    ['overlapping tensors', (bytes) => void bytes.writeBigUInt64LE(32n, offsets.secondTensorOffset), /overlaps/],
    ['truncated data', (bytes) => bytes.subarray(0, bytes.length - 20), /truncated/],
    ['truncated header', (bytes) => bytes.subarray(0, 60), /corrupt/],
  ];
  for (const [label, patch, message] of cases) {
    it(label, async () => {
      const error = await openPatched(patch);
      expect(InputError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message, (error as Error).message).toMatch(message);
    });
  }
});

describe('fuzz: mutated real files never crash, hang or allocate by a corrupt number', () => {
  it('2000 mutations of stories260K give a reader or an InputError', async () => {
    const original = await readFile(stories);
    const headerEnd = 14176;
    const path = join(directory, 'fuzz.gguf');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.integer({ min: 0, max: headerEnd - 1 }), value: fc.integer({ min: 0, max: 255 }) }),
          fc.record({ kind: fc.constant('u64' as const), at: fc.integer({ min: 0, max: headerEnd - 8 }), value: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }),
          fc.record({ kind: fc.constant('truncate' as const), at: fc.integer({ min: 0, max: original.length - 1 }), value: fc.constant(0) }),
        ),
        async (mutation) => {
          let bytes: Buffer = Buffer.from(original);
          if (mutation.kind === 'flip') bytes[mutation.at] = mutation.value as number;
          else if (mutation.kind === 'u64') bytes.writeBigUInt64LE(mutation.value as bigint, mutation.at);
          else bytes = bytes.subarray(0, mutation.at);
          await writeFile(path, bytes);
          try {
            const reader = await openGguf(path);
            for (const tensor of reader.tensors.slice(0, 4)) await reader.read(tensor.name);
            await reader.close();
          } catch (error) {
            if (!InputError.isInstance(error)) throw error;
          }
        },
      ),
      { numRuns: 2000, seed: 20261127 },
    );
  }, 120_000);
});
