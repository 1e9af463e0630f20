import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError, OellmError, temporaryPathFor, type ModelMetadataValue, type ModelWriterV1, type TensorInfo } from '@oellm/core';
import { ggmlTypeByName } from '../ggml/ggml-types.js';
import { GgufValueType, type GgufMetadataEntry, type GgufValueTypeId } from './gguf-value-type.js';

/**
 * Options of {@link createGgufWriter}.
 *
 * @example
 * ```ts
 * import type { GgufWriterOptions } from '@oellm/quantize';
 * const options: GgufWriterOptions = { alignment: 32 };
 * ```
 */
export interface GgufWriterOptions {
  /** Data alignment in bytes (a power of two); written as `general.alignment` when not 32. */
  alignment?: number;
}

/**
 * Writes a GGUF v3 file. Metadata keeps the GGUF types given (or inferred: integers → u32/i32,
 * fractions → f32, bigint → u64/i64). Two ways to write tensors:
 * - call `declareTensors` with every tensor first: the header is written at once and each tensor's
 *   bytes go straight to their final place (in any order);
 * - or just call `writeTensor`: data is staged in a side file and the header is written at `close`.
 *
 * The file appears under its final name only when `close` succeeds.
 *
 * @example
 * ```ts
 * import { createGgufWriter, GgufValueType } from '@oellm/quantize';
 * const writer = createGgufWriter('out.gguf');
 * writer.setMetadata('general.architecture', 'llama');
 * writer.setMetadata('llama.context_length', 2048, GgufValueType.UINT32);
 * writer.declareTensors([{ name: 'output.weight', shape: [64, 512], type: 'F32', byteLength: 64 * 512 * 4 }]);
 * await writer.writeTensor(writer.declared[0]!, bytes);
 * await writer.close();
 * ```
 */
export interface GgufWriter extends ModelWriterV1 {
  readonly path: string;
  /** Tensors in file order (after `declareTensors` or the writes so far). */
  readonly declared: readonly TensorInfo[];
  setMetadata(key: string, value: ModelMetadataValue, type?: GgufValueTypeId, elementType?: GgufValueTypeId): void;
  setMetadataEntry(key: string, entry: GgufMetadataEntry): void;
  deleteMetadata(key: string): void;
  declareTensors(tensors: readonly TensorInfo[]): void;
  abort(reason?: unknown): Promise<void>;
}

interface PlacedTensor {
  info: TensorInfo;
  ggmlType: number;
  offset: number;
  written: boolean;
}

/**
 * Creates a {@link GgufWriter} for `path` (see there for the two ways to write tensors).
 *
 * @example
 * ```ts
 * import { createGgufWriter, openGguf } from '@oellm/quantize';
 * const reader = await openGguf('in.gguf');
 * const writer = createGgufWriter('copy.gguf');
 * for (const [key, entry] of reader.entries) writer.setMetadataEntry(key, entry);
 * writer.declareTensors(reader.tensors);
 * for (const tensor of reader.tensors) await writer.writeTensor(tensor, await reader.read(tensor.name));
 * await writer.close();
 * ```
 */
export function createGgufWriter(path: string, options: GgufWriterOptions = {}): GgufWriter {
  const alignment = options.alignment ?? 32;
  if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw new InputError({ code: 'invalid_alignment', message: `alignment ${alignment} is not a power of two` });
  }
  const entries = new Map<string, GgufMetadataEntry>();
  const placed: PlacedTensor[] = [];
  const byName = new Map<string, PlacedTensor>();
  const temporary = temporaryPathFor(path);
  const stagingPath = `${temporary}.data`;
  let mode: 'open' | 'declared' | 'staged' = 'open';
  let handle: FileHandle | undefined;
  let dataOffset = 0;
  let stagedLength = 0;
  let finished = false;

  function checkOpen(): void {
    if (finished) throw new OellmError({ code: 'writer_closed', message: `the GGUF writer for ${path} is already closed` });
  }

  function checkMetadataOpen(key: string): void {
    checkOpen();
    if (mode !== 'open') {
      throw new OellmError({ code: 'metadata_after_tensors', message: `metadata '${key}' set after tensors were declared or written; set all metadata first` });
    }
  }

  function place(info: TensorInfo, offset: number): PlacedTensor {
    if (byName.has(info.name)) throw new InputError({ code: 'duplicate_tensor', message: `tensor '${info.name}' is written twice` });
    const layout = ggmlTypeByName(info.type);
    if (!layout) throw new InputError({ code: 'unknown_type', message: `tensor '${info.name}' has type ${info.type}, which ggml does not know` });
    if (info.shape.length > 4) throw new InputError({ code: 'too_many_dimensions', message: `tensor '${info.name}' has ${info.shape.length} dimensions; GGUF allows 4` });
    const elements = info.shape.reduce((product, size) => product * size, 1);
    const expected = (elements / layout.blockSize) * layout.bytesPerBlock;
    if ((info.shape[0] ?? 1) % layout.blockSize !== 0 || expected !== info.byteLength) {
      throw new InputError({ code: 'tensor_size_mismatch', message: `tensor '${info.name}' of shape [${info.shape.join(', ')}] in ${layout.name} takes ${expected} bytes, not ${info.byteLength}` });
    }
    const tensor = { info, ggmlType: layout.id, offset, written: false };
    placed.push(tensor);
    byName.set(info.name, tensor);
    return tensor;
  }

  function header(): Uint8Array {
    const all = new Map(entries);
    if (alignment !== 32) all.set('general.alignment', { value: alignment, type: GgufValueType.UINT32 });
    else all.delete('general.alignment');
    const buffer = new ByteBuffer();
    buffer.uint32(0x46554747);
    buffer.uint32(3);
    buffer.uint64(BigInt(placed.length));
    buffer.uint64(BigInt(all.size));
    for (const [key, entry] of all) {
      buffer.string(key);
      buffer.uint32(entry.type);
      writeValue(buffer, key, entry);
    }
    for (const tensor of placed) {
      buffer.string(tensor.info.name);
      buffer.uint32(tensor.info.shape.length);
      for (const size of tensor.info.shape) buffer.uint64(BigInt(size));
      buffer.uint32(tensor.ggmlType);
      buffer.uint64(BigInt(tensor.offset));
    }
    buffer.padTo(alignment);
    return buffer.bytes();
  }

  async function openTemporary(): Promise<FileHandle> {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(temporary, 'w');
    return handle;
  }

  async function writeAll(target: FileHandle, data: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < data.byteLength) {
      const { bytesWritten } = await target.write(data, done, data.byteLength - done, position + done);
      done += bytesWritten;
    }
  }

  const writer: GgufWriter = {
    specificationVersion: 'v1',
    path,
    get declared() {
      return placed.map((tensor) => tensor.info);
    },
    setMetadata(key, value, type, elementType) {
      checkMetadataOpen(key);
      entries.set(key, inferEntry(key, value, type, elementType));
    },
    setMetadataEntry(key, entry) {
      checkMetadataOpen(key);
      entries.set(key, entry);
    },
    deleteMetadata(key) {
      checkMetadataOpen(key);
      entries.delete(key);
    },
    declareTensors(tensors) {
      checkOpen();
      if (mode !== 'open') throw new OellmError({ code: 'tensors_already_declared', message: 'declareTensors must be called once, before any writeTensor' });
      let offset = 0;
      for (const info of tensors) {
        place(info, offset);
        offset += alignUp(info.byteLength, alignment);
      }
      mode = 'declared';
    },
    async writeTensor(info, data) {
      checkOpen();
      if (data.byteLength !== info.byteLength) {
        throw new InputError({ code: 'tensor_size_mismatch', message: `tensor '${info.name}' declares ${info.byteLength} bytes but ${data.byteLength} were given` });
      }
      if (mode === 'declared') {
        const tensor = byName.get(info.name);
        if (!tensor) throw new InputError({ code: 'undeclared_tensor', message: `tensor '${info.name}' was not declared` });
        if (tensor.written) throw new InputError({ code: 'duplicate_tensor', message: `tensor '${info.name}' is written twice` });
        if (tensor.info.byteLength !== info.byteLength || tensor.info.type !== info.type) {
          throw new InputError({ code: 'tensor_size_mismatch', message: `tensor '${info.name}' was declared as ${tensor.info.type} of ${tensor.info.byteLength} bytes` });
        }
        if (!handle) {
          const bytes = header();
          dataOffset = bytes.byteLength;
          await writeAll(await openTemporary(), bytes, 0);
        }
        await writeAll(handle!, data, dataOffset + tensor.offset);
        tensor.written = true;
        return;
      }
      mode = 'staged';
      const tensor = place(info, stagedLength);
      if (!handle) {
        await mkdir(dirname(path), { recursive: true });
        handle = await open(stagingPath, 'w');
      }
      await writeAll(handle, data, stagedLength);
      stagedLength += alignUp(info.byteLength, alignment);
      tensor.written = true;
    },
    async close() {
      checkOpen();
      try {
        if (mode === 'declared') {
          const missing = placed.filter((tensor) => !tensor.written).map((tensor) => tensor.info.name);
          if (missing.length > 0) {
            throw new OellmError({ code: 'tensors_missing', message: `${missing.length} declared tensors were never written (${missing.slice(0, 3).join(', ')}…)` });
          }
          const total = placed.length === 0 ? 0 : alignUp(placed.at(-1)!.offset + placed.at(-1)!.info.byteLength, alignment);
          await handle!.truncate(dataOffset + total);
          await handle!.sync();
          await handle!.close();
        } else {
          if (handle) {
            await handle.truncate(stagedLength);
            await handle.close();
          }
          const target = await openTemporary();
          await writeAll(target, header(), 0);
          await target.close();
          if (handle) await pipeline(createReadStream(stagingPath), createWriteStream(temporary, { flags: 'a' }));
          await rm(stagingPath, { force: true });
        }
        handle = undefined;
        finished = true;
        await rename(temporary, path);
      } catch (error) {
        await writer.abort(error);
        throw error;
      }
    },
    async abort() {
      finished = true;
      if (handle) await handle.close().catch(() => {});
      handle = undefined;
      await rm(temporary, { force: true });
      await rm(stagingPath, { force: true });
    },
  };
  return writer;
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

function inferEntry(key: string, value: ModelMetadataValue, type?: GgufValueTypeId, elementType?: GgufValueTypeId): GgufMetadataEntry {
  if (type !== undefined) {
    if (type === GgufValueType.ARRAY && elementType === undefined) {
      const values = value as readonly ModelMetadataValue[];
      return { value, type, elementType: inferArrayElementType(key, values) };
    }
    return elementType === undefined ? { value, type } : { value, type, elementType };
  }
  if (Array.isArray(value)) return { value, type: GgufValueType.ARRAY, elementType: inferArrayElementType(key, value) };
  return { value, type: inferScalarType(key, value as Exclude<ModelMetadataValue, readonly ModelMetadataValue[]>) };
}

function inferScalarType(key: string, value: string | number | bigint | boolean): GgufValueTypeId {
  switch (typeof value) {
    case 'string': return GgufValueType.STRING;
    case 'boolean': return GgufValueType.BOOL;
    case 'bigint': return value < 0n ? GgufValueType.INT64 : GgufValueType.UINT64;
    case 'number':
      if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return GgufValueType.UINT32;
      if (Number.isInteger(value) && value >= -0x80000000 && value < 0) return GgufValueType.INT32;
      return GgufValueType.FLOAT32;
    default: throw new InputError({ code: 'invalid_metadata', message: `metadata '${key}' has a value GGUF cannot store` });
  }
}

function inferArrayElementType(key: string, values: readonly ModelMetadataValue[]): GgufValueTypeId {
  if (values.every((value) => typeof value === 'string')) return GgufValueType.STRING;
  if (values.every((value) => typeof value === 'boolean')) return GgufValueType.BOOL;
  if (values.every((value) => typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 0x7fffffff)) return GgufValueType.INT32;
  if (values.every((value) => typeof value === 'number')) return GgufValueType.FLOAT32;
  if (values.every((value) => typeof value === 'bigint')) return GgufValueType.INT64;
  throw new InputError({ code: 'invalid_metadata', message: `metadata '${key}' is an array of mixed types; GGUF arrays hold one type` });
}

function writeValue(buffer: ByteBuffer, key: string, entry: GgufMetadataEntry): void {
  if (entry.type === GgufValueType.ARRAY) {
    if (!Array.isArray(entry.value) || entry.elementType === undefined || entry.elementType === GgufValueType.ARRAY) {
      throw new InputError({ code: 'invalid_metadata', message: `metadata '${key}' is declared an array but is not a flat array with an element type` });
    }
    buffer.uint32(entry.elementType);
    buffer.uint64(BigInt(entry.value.length));
    for (const element of entry.value as readonly ModelMetadataValue[]) writeScalar(buffer, key, entry.elementType, element);
    return;
  }
  writeScalar(buffer, key, entry.type, entry.value);
}

function writeScalar(buffer: ByteBuffer, key: string, type: GgufValueTypeId, value: ModelMetadataValue): void {
  const fail = (): never => {
    throw new InputError({ code: 'invalid_metadata', message: `metadata '${key}' value ${String(value)} does not fit GGUF type ${type}` });
  };
  const integer = (minimum: number, maximum: number): number => {
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < minimum || number > maximum) fail();
    return number as number;
  };
  switch (type) {
    case GgufValueType.UINT8: buffer.uint8(integer(0, 0xff)); break;
    case GgufValueType.INT8: buffer.int8(integer(-0x80, 0x7f)); break;
    case GgufValueType.UINT16: buffer.uint16(integer(0, 0xffff)); break;
    case GgufValueType.INT16: buffer.int16(integer(-0x8000, 0x7fff)); break;
    case GgufValueType.UINT32: buffer.uint32(integer(0, 0xffffffff)); break;
    case GgufValueType.INT32: buffer.int32(integer(-0x80000000, 0x7fffffff)); break;
    case GgufValueType.FLOAT32: if (typeof value !== 'number') fail(); buffer.float32(value as number); break;
    case GgufValueType.FLOAT64: if (typeof value !== 'number') fail(); buffer.float64(value as number); break;
    case GgufValueType.UINT64: buffer.uint64(BigInt.asUintN(64, typeof value === 'bigint' ? value : BigInt(integer(0, Number.MAX_SAFE_INTEGER)))); break;
    case GgufValueType.INT64: buffer.int64(typeof value === 'bigint' ? value : BigInt(integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER))); break;
    case GgufValueType.BOOL: if (typeof value !== 'boolean') fail(); buffer.uint8(value ? 1 : 0); break;
    case GgufValueType.STRING: if (typeof value !== 'string') fail(); buffer.string(value as string); break;
    default: fail();
  }
}

const textEncoder = new TextEncoder();

/** A little-endian byte buffer that grows by doubling. */
class ByteBuffer {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  private reserve(bytes: number): number {
    if (this.length + bytes > this.buffer.byteLength) {
      let size = this.buffer.byteLength * 2;
      while (size < this.length + bytes) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buffer.subarray(0, this.length));
      this.buffer = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.length;
    this.length += bytes;
    return at;
  }

  uint8(value: number): void { this.view.setUint8(this.reserve(1), value); }
  int8(value: number): void { this.view.setInt8(this.reserve(1), value); }
  uint16(value: number): void { this.view.setUint16(this.reserve(2), value, true); }
  int16(value: number): void { this.view.setInt16(this.reserve(2), value, true); }
  uint32(value: number): void { this.view.setUint32(this.reserve(4), value, true); }
  int32(value: number): void { this.view.setInt32(this.reserve(4), value, true); }
  float32(value: number): void { this.view.setFloat32(this.reserve(4), value, true); }
  float64(value: number): void { this.view.setFloat64(this.reserve(8), value, true); }
  uint64(value: bigint): void { this.view.setBigUint64(this.reserve(8), value, true); }
  int64(value: bigint): void { this.view.setBigInt64(this.reserve(8), value, true); }

  string(value: string): void {
    const encoded = textEncoder.encode(value);
    this.uint64(BigInt(encoded.byteLength));
    this.buffer.set(encoded, this.reserve(encoded.byteLength));
  }

  padTo(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    this.reserve(padding);
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
