import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, type ModelMetadataValue, type TensorInfo, type TensorReaderV1 } from '@oellm/core';
import { ggmlTypeById, type GgmlTypeLayout } from '../ggml/ggml-types.js';
import { dequantizeTensor } from '../types/dequantize-tensor.js';
import { FileCursor } from './file-cursor.js';
import { GgufValueType, scalarByteLength, type GgufMetadataEntry, type GgufValueTypeId } from './gguf-value-type.js';

/** ggml's GGML_MAX_DIMS: a tensor has at most four dimensions. */
const maximumDimensions = 4;
const defaultAlignment = 32;

/**
 * A tensor of a GGUF file: the spec's {@link TensorInfo} plus where its bytes are.
 *
 * @example
 * ```ts
 * import type { GgufTensorInfo } from '@oellm/quantize';
 * const describe = (tensor: GgufTensorInfo) => `${tensor.name} ${tensor.type} @${tensor.fileOffset}`;
 * ```
 */
export interface GgufTensorInfo extends TensorInfo {
  /** The `ggml_type` number. */
  ggmlType: number;
  /** Absolute byte offset of the data in the file. */
  fileOffset: number;
  /** Number of weights. */
  elementCount: number;
}

/**
 * A GGUF file opened for reading: metadata with GGUF types, tensor infos, tensors read one at a time.
 *
 * @example
 * ```ts
 * import { openGguf } from '@oellm/quantize';
 * const reader = await openGguf('model.gguf');
 * console.log(reader.metadata.get('general.architecture'), reader.tensors.length);
 * await reader.close();
 * ```
 */
export interface GgufReader extends TensorReaderV1 {
  readonly path: string;
  readonly version: number;
  readonly alignment: number;
  /** Metadata in file order, each with its GGUF value type. */
  readonly entries: ReadonlyMap<string, GgufMetadataEntry>;
  readonly tensors: readonly GgufTensorInfo[];
  /** Byte offset where the tensor data section starts. */
  readonly dataOffset: number;
  tensor(name: string): GgufTensorInfo;
  readFloat32(name: string): Promise<Float32Array>;
  /**
   * Reads a tensor's stored bytes into `target` (at least its byteLength), e.g. shared memory that
   * worker threads read without a copy. Returns the filled view.
   */
  readInto(name: string, target: Uint8Array): Promise<Uint8Array>;
}

/**
 * Opens a GGUF v2 or v3 file. The header is parsed through a small window (never the whole file),
 * every count, length, dimension and offset is checked against the file before use, and bad input
 * throws an InputError naming the field and byte offset.
 *
 * @example
 * ```ts
 * import { openGguf } from '@oellm/quantize';
 * const reader = await openGguf('stories260K.gguf');
 * for (const tensor of reader.tensors) console.log(tensor.name, tensor.type, tensor.shape);
 * const weights = await reader.readFloat32('output.weight');
 * await reader.close();
 * ```
 */
export async function openGguf(path: string): Promise<GgufReader> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const parsed = await parseHeader(new FileCursor(handle, basename(path), size));
    return createReader(path, handle, parsed);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

interface ParsedHeader {
  version: number;
  alignment: number;
  entries: Map<string, GgufMetadataEntry>;
  tensors: GgufTensorInfo[];
  dataOffset: number;
}

async function parseHeader(cursor: FileCursor): Promise<ParsedHeader> {
  const magic = await cursor.uint32('magic');
  if (magic !== 0x46554747) cursor.fail('magic', 'does not start with "GGUF"; this is not a GGUF file', 0);
  const version = await cursor.uint32('version');
  if (version !== 2 && version !== 3) {
    cursor.fail('version', `is GGUF version ${version}; only versions 2 and 3 are supported (convert v1 files with a newer llama.cpp)`, 4);
  }
  // The smallest tensor info is a 1-byte-named 1-d tensor: 8 + 1 + 4 + 8 + 4 + 8 bytes.
  const tensorCount = await cursor.count('tensor_count', 33);
  // The smallest key-value pair is an empty key with a u8 value: 8 + 4 + 1 bytes.
  const entryCount = await cursor.count('metadata_kv_count', 13);

  const entries = new Map<string, GgufMetadataEntry>();
  for (let index = 0; index < entryCount; index++) {
    const keyOffset = cursor.offset;
    const key = await cursor.string(`metadata[${index}].key`);
    if (entries.has(key)) cursor.fail(`metadata key '${key}'`, 'appears twice; the file is corrupt', keyOffset);
    const type = await readValueType(cursor, `metadata '${key}' type`);
    entries.set(key, await readValue(cursor, key, type));
  }

  const alignmentEntry = entries.get('general.alignment');
  let alignment = defaultAlignment;
  if (alignmentEntry) {
    const value = alignmentEntry.value;
    if (alignmentEntry.type !== GgufValueType.UINT32 || typeof value !== 'number' || value === 0 || (value & (value - 1)) !== 0) {
      cursor.fail('general.alignment', `must be a u32 power of two, found ${String(value)}`);
    }
    alignment = value;
  }

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let index = 0; index < tensorCount; index++) {
    const infoOffset = cursor.offset;
    const name = await cursor.string(`tensor[${index}].name`);
    if (names.has(name)) cursor.fail(`tensor '${name}'`, 'appears twice; the file is corrupt', infoOffset);
    names.add(name);
    const dimensionCount = await cursor.uint32(`tensor '${name}' n_dims`);
    if (dimensionCount > maximumDimensions) {
      cursor.fail(`tensor '${name}' n_dims`, `is ${dimensionCount}; ggml tensors have at most ${maximumDimensions} dimensions`);
    }
    const shape: number[] = [];
    let elementCount = 1;
    for (let dimension = 0; dimension < dimensionCount; dimension++) {
      const at = cursor.offset;
      const size = await cursor.int64(`tensor '${name}' ne[${dimension}]`);
      if (size < 0n || size > BigInt(Number.MAX_SAFE_INTEGER)) {
        cursor.fail(`tensor '${name}' ne[${dimension}]`, `is ${size}, not a valid dimension`, at);
      }
      const length = Number(size);
      elementCount *= length;
      if (!Number.isSafeInteger(elementCount)) {
        cursor.fail(`tensor '${name}' shape`, 'has more elements than can be addressed; the product of the dimensions overflows', at);
      }
      shape.push(length);
    }
    const typeOffset = cursor.offset;
    const ggmlType = await cursor.uint32(`tensor '${name}' type`);
    const layout = ggmlTypeById(ggmlType);
    if (!layout) cursor.fail(`tensor '${name}' type`, `is ${ggmlType}, which is not a ggml type this reader knows`, typeOffset);
    if (shape.length > 0 && shape[0]! % layout.blockSize !== 0) {
      cursor.fail(`tensor '${name}' ne[0]`, `is ${shape[0]}, not a multiple of the ${layout.name} block size ${layout.blockSize}`, typeOffset);
    }
    const offsetAt = cursor.offset;
    const relativeOffset = await cursor.uint64(`tensor '${name}' offset`);
    if (relativeOffset > BigInt(cursor.fileSize)) {
      cursor.fail(`tensor '${name}' offset`, `is ${relativeOffset}, past the end of the file`, offsetAt);
    }
    if (Number(relativeOffset) % alignment !== 0) {
      cursor.fail(`tensor '${name}' offset`, `is ${relativeOffset}, not a multiple of the alignment ${alignment}`, offsetAt);
    }
    tensors.push({
      name,
      shape,
      type: layout.name,
      ggmlType,
      byteLength: byteLengthOf(layout, elementCount),
      elementCount,
      fileOffset: Number(relativeOffset),
    });
  }

  const dataOffset = tensorCount > 0 ? alignUp(cursor.offset, alignment) : cursor.offset;
  checkTensorPlacement(cursor, tensors, dataOffset);
  for (const tensor of tensors) tensor.fileOffset += dataOffset;
  return { version, alignment, entries, tensors, dataOffset };
}

function byteLengthOf(layout: GgmlTypeLayout, elementCount: number): number {
  return (elementCount / layout.blockSize) * layout.bytesPerBlock;
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Every tensor must lie inside the file and no two may overlap. */
function checkTensorPlacement(cursor: FileCursor, tensors: GgufTensorInfo[], dataOffset: number): void {
  const ordered = [...tensors].sort((left, right) => left.fileOffset - right.fileOffset);
  let previousEnd = 0;
  let previousName = '';
  for (const tensor of ordered) {
    const end = tensor.fileOffset + tensor.byteLength;
    if (dataOffset + end > cursor.fileSize) {
      cursor.fail(
        `tensor '${tensor.name}' offset`,
        `data ends at byte ${dataOffset + end}, past the end of the ${cursor.fileSize}-byte file; the file is truncated`,
        dataOffset + tensor.fileOffset,
      );
    }
    if (tensor.fileOffset < previousEnd) {
      cursor.fail(`tensor '${tensor.name}' offset`, `overlaps tensor '${previousName}'; the file is corrupt`, dataOffset + tensor.fileOffset);
    }
    previousEnd = end;
    previousName = tensor.name;
  }
}

async function readValueType(cursor: FileCursor, field: string): Promise<GgufValueTypeId> {
  const at = cursor.offset;
  const type = await cursor.uint32(field);
  if (type > GgufValueType.FLOAT64) cursor.fail(field, `is ${type}, not a GGUF value type`, at);
  return type as GgufValueTypeId;
}

async function readValue(cursor: FileCursor, key: string, type: GgufValueTypeId): Promise<GgufMetadataEntry> {
  if (type !== GgufValueType.ARRAY) return { value: await readScalar(cursor, key, type), type };
  const elementType = await readValueType(cursor, `metadata '${key}' array type`);
  if (elementType === GgufValueType.ARRAY) {
    cursor.fail(`metadata '${key}' array type`, 'is a nested array, which llama.cpp does not support');
  }
  const count = await cursor.count(`metadata '${key}' array length`, elementType === GgufValueType.STRING ? 8 : scalarByteLength[elementType]!);
  const values: ModelMetadataValue[] = new Array(count);
  for (let index = 0; index < count; index++) values[index] = await readScalar(cursor, `${key}[${index}]`, elementType);
  return { value: values, type, elementType };
}

async function readScalar(cursor: FileCursor, field: string, type: GgufValueTypeId): Promise<ModelMetadataValue> {
  switch (type) {
    case GgufValueType.UINT8: return cursor.uint8(field);
    case GgufValueType.INT8: return cursor.int8(field);
    case GgufValueType.UINT16: return cursor.uint16(field);
    case GgufValueType.INT16: return cursor.int16(field);
    case GgufValueType.UINT32: return cursor.uint32(field);
    case GgufValueType.INT32: return cursor.int32(field);
    case GgufValueType.FLOAT32: return cursor.float32(field);
    case GgufValueType.FLOAT64: return cursor.float64(field);
    case GgufValueType.UINT64: return cursor.uint64(field);
    case GgufValueType.INT64: return cursor.int64(field);
    case GgufValueType.STRING: return cursor.string(field);
    case GgufValueType.BOOL: {
      const at = cursor.offset;
      const byte = await cursor.uint8(field);
      if (byte > 1) cursor.fail(field, `is ${byte}, not a boolean (0 or 1)`, at);
      return byte === 1;
    }
    default: return cursor.fail(field, `has type ${type}, which cannot appear here`);
  }
}

function createReader(path: string, handle: FileHandle, header: ParsedHeader): GgufReader {
  const byName = new Map(header.tensors.map((tensor) => [tensor.name, tensor]));
  const metadata = new Map([...header.entries].map(([key, entry]) => [key, entry.value]));
  let closed = false;

  function tensor(name: string): GgufTensorInfo {
    const info = byName.get(name);
    if (!info) {
      throw new InputError({ code: 'unknown_tensor', message: `has no tensor named '${name}'; see \`oellm quantize inspect\` for the list`, location: { file: basename(path) } });
    }
    return info;
  }

  async function readInto(name: string, target: Uint8Array): Promise<Uint8Array> {
    const info = tensor(name);
    if (target.byteLength < info.byteLength) {
      throw new InputError({ code: 'short_buffer', message: `tensor '${name}' has ${info.byteLength} bytes; the target holds only ${target.byteLength}`, location: { file: basename(path) } });
    }
    const bytes = target.subarray(0, info.byteLength);
    let filled = 0;
    while (filled < bytes.byteLength) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.byteLength - filled, info.fileOffset + filled);
      if (bytesRead === 0) {
        throw new InputError({ code: 'truncated_gguf', message: `ended while reading tensor '${name}'; the file was truncated`, location: { file: basename(path), offset: info.fileOffset + filled } });
      }
      filled += bytesRead;
    }
    return bytes;
  }

  async function read(name: string): Promise<Uint8Array> {
    return readInto(name, new Uint8Array(tensor(name).byteLength));
  }

  return {
    specificationVersion: 'v1',
    path,
    version: header.version,
    alignment: header.alignment,
    entries: header.entries,
    metadata,
    tensors: header.tensors,
    dataOffset: header.dataOffset,
    tensor,
    read,
    readInto,
    async readFloat32(name: string): Promise<Float32Array> {
      const info = tensor(name);
      return dequantizeTensor(info, await read(name));
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}
