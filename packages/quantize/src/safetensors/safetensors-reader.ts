import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, type ModelMetadataValue, type TensorInfo, type TensorReaderV1 } from '@oellm/core';
import { dequantizeTensor } from '../types/dequantize-tensor.js';

/** Headers larger than this are refused before reading them (the format's own reference limit). */
const maximumHeaderBytes = 100 * 1024 * 1024;

// safetensors dtypes → ggml type names; only these three are weights this package quantises.
const dtypes: Record<string, { type: string; bytes: number }> = {
  F32: { type: 'F32', bytes: 4 },
  F16: { type: 'F16', bytes: 2 },
  BF16: { type: 'BF16', bytes: 2 },
};

/**
 * A tensor of a safetensors file: the spec's {@link TensorInfo} (shape innermost first, as GGUF
 * orders it) plus its file and absolute offset.
 *
 * @example
 * ```ts
 * import type { SafetensorsTensorInfo } from '@oellm/quantize';
 * const where = (tensor: SafetensorsTensorInfo) => `${tensor.file}@${tensor.fileOffset}`;
 * ```
 */
export interface SafetensorsTensorInfo extends TensorInfo {
  file: string;
  fileOffset: number;
}

/**
 * A safetensors model (one file or shards listed by `model.safetensors.index.json`).
 *
 * @example
 * ```ts
 * import { openSafetensors } from '@oellm/quantize';
 * const reader = await openSafetensors('model.safetensors.index.json');
 * console.log(reader.tensors.length);
 * ```
 */
export interface SafetensorsReader extends TensorReaderV1 {
  readonly tensors: readonly SafetensorsTensorInfo[];
  readFloat32(name: string): Promise<Float32Array>;
}

/**
 * Opens a safetensors model: a `.safetensors` file, a `model.safetensors.index.json` (sharded), or
 * a directory holding either. Headers are validated before any tensor is read: size at most
 * 100 MB, valid JSON, known dtypes (F32, F16, BF16), offsets inside the file, matching the shape,
 * not overlapping. Metadata (`__metadata__` and the index's `metadata`) become string values.
 *
 * @example
 * ```ts
 * import { openSafetensors } from '@oellm/quantize';
 * const reader = await openSafetensors('checkpoints/eurollm/');
 * const embedding = await reader.readFloat32('model.embed_tokens.weight');
 * await reader.close();
 * ```
 */
export async function openSafetensors(path: string): Promise<SafetensorsReader> {
  const files = await shardFiles(path);
  const handles = new Map<string, FileHandle>();
  const tensors: SafetensorsTensorInfo[] = [];
  const metadata = new Map<string, ModelMetadataValue>();
  try {
    for (const file of files.shards) {
      const handle = await open(file, 'r');
      handles.set(file, handle);
      const header = await readHeader(handle, file);
      for (const [key, value] of Object.entries(header.metadata)) metadata.set(key, value);
      for (const tensor of header.tensors) {
        if (tensors.some((existing) => existing.name === tensor.name)) {
          throw new InputError({ code: 'duplicate_tensor', message: `tensor '${tensor.name}' appears in two shards`, location: { file: basename(file) } });
        }
        tensors.push(tensor);
      }
    }
  } catch (error) {
    await Promise.all([...handles.values()].map((handle) => handle.close()));
    throw error;
  }
  for (const [key, value] of Object.entries(files.metadata)) metadata.set(key, value);
  const byName = new Map(tensors.map((tensor) => [tensor.name, tensor]));

  function find(name: string): SafetensorsTensorInfo {
    const tensor = byName.get(name);
    if (!tensor) throw new InputError({ code: 'unknown_tensor', message: `has no tensor named '${name}'`, location: { file: basename(path) } });
    return tensor;
  }

  async function read(name: string): Promise<Uint8Array> {
    const tensor = find(name);
    const bytes = new Uint8Array(tensor.byteLength);
    const handle = handles.get(tensor.file)!;
    let filled = 0;
    while (filled < bytes.byteLength) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.byteLength - filled, tensor.fileOffset + filled);
      if (bytesRead === 0) throw new InputError({ code: 'truncated_safetensors', message: `ended while reading '${name}'`, location: { file: basename(tensor.file), offset: tensor.fileOffset + filled } });
      filled += bytesRead;
    }
    return bytes;
  }

  return {
    specificationVersion: 'v1',
    metadata,
    tensors,
    read,
    async readFloat32(name) {
      return dequantizeTensor(find(name), await read(name));
    },
    async close() {
      await Promise.all([...handles.values()].map((handle) => handle.close()));
      handles.clear();
    },
  };
}

async function shardFiles(path: string): Promise<{ shards: string[]; metadata: Record<string, string> }> {
  let target = path;
  if ((await stat(path)).isDirectory()) {
    const index = join(path, 'model.safetensors.index.json');
    const single = join(path, 'model.safetensors');
    if (await stat(index).then(() => true, () => false)) target = index;
    else if (await stat(single).then(() => true, () => false)) target = single;
    else throw new InputError({ code: 'no_safetensors', message: 'holds neither model.safetensors nor model.safetensors.index.json', location: { file: path } });
  }
  if (!target.endsWith('.json')) return { shards: [target], metadata: {} };
  let index: unknown;
  try {
    index = JSON.parse(await readFile(target, 'utf8'));
  } catch (error) {
    throw new InputError({ code: 'invalid_index', message: 'is not valid JSON', location: { file: basename(target) }, cause: error });
  }
  const weightMap = (index as { weight_map?: unknown }).weight_map;
  if (!weightMap || typeof weightMap !== 'object') throw new InputError({ code: 'invalid_index', message: "has no 'weight_map' object", location: { file: basename(target), field: 'weight_map' } });
  const shards = [...new Set(Object.values(weightMap as Record<string, unknown>))];
  for (const shard of shards) {
    if (typeof shard !== 'string' || shard.includes('/') || shard.includes('\\')) {
      throw new InputError({ code: 'invalid_index', message: `names shard ${JSON.stringify(shard)}; shards must be plain file names beside the index`, location: { file: basename(target), field: 'weight_map' } });
    }
  }
  const metadata = Object.fromEntries(Object.entries(((index as { metadata?: Record<string, unknown> }).metadata) ?? {}).map(([key, value]) => [key, String(value)]));
  return { shards: (shards as string[]).map((shard) => join(dirname(target), shard)), metadata };
}

async function readHeader(handle: FileHandle, file: string): Promise<{ tensors: SafetensorsTensorInfo[]; metadata: Record<string, string> }> {
  const name = basename(file);
  const fail: (field: string, message: string, offset?: number) => never = (field, message, offset = 0) => {
    throw new InputError({ code: 'invalid_safetensors', message, location: { file: name, offset, field } });
  };
  const { size } = await handle.stat();
  if (size < 8) fail('header_size', `is ${size} bytes, too short for a safetensors file`);
  const prefix = Buffer.alloc(8);
  await handle.read(prefix, 0, 8, 0);
  const headerSize = prefix.readBigUInt64LE(0);
  if (headerSize > BigInt(maximumHeaderBytes)) fail('header_size', `is ${headerSize} bytes; headers over 100 MB are refused (the file is corrupt or hostile)`);
  if (headerSize > BigInt(size - 8)) fail('header_size', `is ${headerSize} bytes but only ${size - 8} follow; the file is truncated`);
  const headerBytes = Buffer.alloc(Number(headerSize));
  await handle.read(headerBytes, 0, headerBytes.length, 8);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    return fail('header', `is not valid JSON (${(error as Error).message})`, 8);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) fail('header', 'is not a JSON object', 8);
  const dataStart = 8 + Number(headerSize);
  const dataLength = size - dataStart;
  const tensors: SafetensorsTensorInfo[] = [];
  let metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(header)) {
    if (key === '__metadata__') {
      metadata = Object.fromEntries(Object.entries((value as Record<string, unknown>) ?? {}).map(([metadataKey, metadataValue]) => [metadataKey, String(metadataValue)]));
      continue;
    }
    const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = dtypes[String(entry?.dtype)];
    if (!dtype) fail(`${key}.dtype`, `is ${JSON.stringify(entry?.dtype)}; only F32, F16 and BF16 tensors can be read`, 8);
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((length) => Number.isSafeInteger(length) && length >= 0)) fail(`${key}.shape`, 'must be an array of non-negative integers', 8);
    let elements = 1;
    for (const length of shape as number[]) {
      elements *= length;
      if (!Number.isSafeInteger(elements)) fail(`${key}.shape`, 'has more elements than can be addressed (the product overflows)', 8);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((offset) => Number.isSafeInteger(offset) && offset >= 0) || offsets[0] > offsets[1]) {
      fail(`${key}.data_offsets`, 'must be [begin, end] with 0 ≤ begin ≤ end', 8);
    }
    const [begin, end] = offsets as [number, number];
    if (end > dataLength) fail(`${key}.data_offsets`, `end ${end} is past the ${dataLength} data bytes; the file is truncated`, dataStart + begin);
    if (end - begin !== elements * dtype.bytes) fail(`${key}.data_offsets`, `span ${end - begin} bytes but shape [${(shape as number[]).join(', ')}] of ${entry.dtype} needs ${elements * dtype.bytes}`, dataStart + begin);
    tensors.push({ name: key, shape: [...(shape as number[])].reverse(), type: dtype.type, byteLength: end - begin, file, fileOffset: dataStart + begin });
  }
  const ordered = [...tensors].sort((left, right) => left.fileOffset - right.fileOffset);
  for (let index = 1; index < ordered.length; index++) {
    const previous = ordered[index - 1]!;
    if (ordered[index]!.fileOffset < previous.fileOffset + previous.byteLength) {
      fail(`${ordered[index]!.name}.data_offsets`, `overlaps '${previous.name}'; the file is corrupt`, ordered[index]!.fileOffset);
    }
  }
  return { tensors, metadata };
}
