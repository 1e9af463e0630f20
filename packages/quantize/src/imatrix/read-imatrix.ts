import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '@oellm/core';
import { FileCursor } from '../gguf/file-cursor.js';
import { openGguf } from '../gguf/gguf-reader.js';

/**
 * An importance matrix as llama-quantize applies it: per tensor name, the mean squared activation
 * of each input column (one value per column, per expert for 3-D tensors).
 *
 * @example
 * ```ts
 * import { readImatrix } from '@oellm/quantize';
 * const imatrix = await readImatrix('imatrix.gguf');
 * console.log(imatrix.entries.size, imatrix.datasets);
 * ```
 */
export interface Imatrix {
  format: 'gguf' | 'legacy';
  entries: Map<string, Float32Array>;
  datasets: string[];
  chunkCount?: number;
}

/**
 * Reads a llama.cpp importance matrix: the GGUF format of current llama-imatrix (`NAME.in_sum2`
 * and `NAME.counts` tensors) or the legacy `.dat` format. Values are normalised exactly as
 * llama-quantize's load_imatrix does (sums divided by counts in float32; entries with a zero
 * count become 1, legacy entries with no calls stay as stored).
 *
 * @example
 * ```ts
 * import { quantizeModel, readImatrix } from '@oellm/quantize';
 * const { entries } = await readImatrix('imatrix.dat');
 * await quantizeModel({ input: 'm.gguf', output: 'm-Q4_K_M.gguf', fileType: 'Q4_K_M', importance: entries });
 * ```
 */
export async function readImatrix(path: string): Promise<Imatrix> {
  const handle = await open(path, 'r');
  const magic = new Uint8Array(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  return new TextDecoder().decode(magic) === 'GGUF' ? readGgufImatrix(path) : readLegacyImatrix(path);
}

async function readGgufImatrix(path: string): Promise<Imatrix> {
  const reader = await openGguf(path);
  const file = basename(path);
  try {
    for (const key of ['imatrix.datasets', 'imatrix.chunk_count', 'imatrix.chunk_size']) {
      if (!reader.metadata.has(key)) {
        throw new InputError({ code: 'invalid_imatrix', message: `has no '${key}'; this is not an imatrix written by llama-imatrix`, location: { file, field: key } });
      }
    }
    const entries = new Map<string, Float32Array>();
    for (const tensor of reader.tensors) {
      if (!tensor.name.endsWith('.in_sum2')) continue;
      const name = tensor.name.slice(0, -'.in_sum2'.length);
      const countsTensor = reader.tensors.find((candidate) => candidate.name === `${name}.counts`);
      if (!countsTensor) continue;
      if (tensor.type !== 'F32' || countsTensor.type !== 'F32') {
        throw new InputError({ code: 'invalid_imatrix', message: `tensor '${tensor.name}' must be F32`, location: { file, field: tensor.name } });
      }
      const sums = await reader.readFloat32(tensor.name);
      const counts = await reader.readFloat32(countsTensor.name);
      if (counts.length === 0 || sums.length === 0) continue;
      if (sums.length % counts.length !== 0) {
        throw new InputError({ code: 'invalid_imatrix', message: `'${name}' has ${sums.length} sums for ${counts.length} counts`, location: { file, field: tensor.name } });
      }
      const width = sums.length / counts.length;
      const values = new Float32Array(sums.length);
      for (let matrix = 0; matrix < counts.length; matrix++) {
        const count = counts[matrix]!;
        for (let i = 0; i < width; i++) values[matrix * width + i] = count > 0 ? Math.fround(sums[matrix * width + i]! / count) : 1;
      }
      entries.set(name, values);
    }
    const datasets = reader.metadata.get('imatrix.datasets');
    return { format: 'gguf', entries, datasets: Array.isArray(datasets) ? datasets.map(String) : [], chunkCount: Number(reader.metadata.get('imatrix.chunk_count')) };
  } finally {
    await reader.close();
  }
}

async function readLegacyImatrix(path: string): Promise<Imatrix> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const cursor = new FileCursor(handle, basename(path), size, 'invalid_imatrix');
    const entryCount = await cursor.int32('n_entries');
    // Each entry needs at least 12 bytes (name length, ncall, nval).
    if (entryCount < 1 || entryCount > cursor.remaining / 12) cursor.fail('n_entries', `is ${entryCount}; not a legacy imatrix .dat file (or a corrupt one)`, 0);
    const entries = new Map<string, Float32Array>();
    for (let index = 0; index < entryCount; index++) {
      const at = cursor.offset;
      const nameLength = await cursor.int32(`entry[${index}] name length`);
      if (nameLength < 1 || nameLength > cursor.remaining) cursor.fail(`entry[${index}] name length`, `is ${nameLength}, not a valid name length`, at);
      const nameBytes = new Uint8Array(nameLength);
      for (let i = 0; i < nameLength; i++) nameBytes[i] = await cursor.uint8(`entry[${index}] name`);
      const name = new TextDecoder().decode(nameBytes);
      const calls = await cursor.int32(`'${name}' ncall`);
      const countAt = cursor.offset;
      const valueCount = await cursor.int32(`'${name}' nval`);
      if (valueCount < 1 || valueCount > cursor.remaining / 4) cursor.fail(`'${name}' nval`, `is ${valueCount}, more values than the file holds`, countAt);
      const values = new Float32Array(valueCount);
      for (let i = 0; i < valueCount; i++) {
        const sum = await cursor.float32(`'${name}' values`);
        values[i] = calls > 0 ? Math.fround(sum / calls) : sum;
      }
      entries.set(name, values);
    }
    const datasets: string[] = [];
    if (cursor.remaining >= 8) {
      await cursor.int32('last_call');
      const datasetLength = await cursor.int32('dataset name length');
      if (datasetLength > 0 && datasetLength <= cursor.remaining) {
        const bytes = new Uint8Array(datasetLength);
        for (let i = 0; i < datasetLength; i++) bytes[i] = await cursor.uint8('dataset name');
        datasets.push(new TextDecoder().decode(bytes));
      }
    }
    return { format: 'legacy', entries, datasets };
  } finally {
    await handle.close();
  }
}
