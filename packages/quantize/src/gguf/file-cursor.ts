import type { FileHandle } from 'node:fs/promises';
import { InputError } from '@oellm/core';

const chunkSize = 1 << 20;
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Sequential little-endian reads from a file handle through a 1 MiB window, so a header of any
 * size is parsed without reading the file whole. Every length is checked against the bytes left
 * in the file before anything is allocated by it.
 */
export class FileCursor {
  private window = new Uint8Array(0);
  private view = new DataView(this.window.buffer);
  private windowStart = 0;
  private position = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly fileName: string,
    readonly fileSize: number,
    /** The InputError code of failures (`invalid_gguf`, `invalid_imatrix`, …). */
    readonly errorCode = 'invalid_gguf',
  ) {}

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.fileSize - this.position;
  }

  fail(field: string, message: string, offset = this.position): never {
    throw new InputError({ code: this.errorCode, message, location: { file: this.fileName, offset, field } });
  }

  private async ensure(length: number, field: string): Promise<number> {
    if (length > this.remaining) {
      this.fail(field, `needs ${length} bytes but the file ends after ${this.remaining}; the file is truncated or corrupt`);
    }
    const relative = this.position - this.windowStart;
    if (relative + length <= this.window.byteLength) return relative;
    const size = Math.min(Math.max(chunkSize, length), this.remaining);
    const buffer = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await this.handle.read(buffer, filled, size - filled, this.position + filled);
      if (bytesRead === 0) this.fail(field, 'the file ended early while reading; it was truncated while being read');
      filled += bytesRead;
    }
    this.window = buffer;
    this.view = new DataView(buffer.buffer);
    this.windowStart = this.position;
    return 0;
  }

  async uint8(field: string): Promise<number> {
    const at = await this.ensure(1, field);
    this.position += 1;
    return this.view.getUint8(at);
  }

  async int8(field: string): Promise<number> {
    const at = await this.ensure(1, field);
    this.position += 1;
    return this.view.getInt8(at);
  }

  async uint16(field: string): Promise<number> {
    const at = await this.ensure(2, field);
    this.position += 2;
    return this.view.getUint16(at, true);
  }

  async int16(field: string): Promise<number> {
    const at = await this.ensure(2, field);
    this.position += 2;
    return this.view.getInt16(at, true);
  }

  async uint32(field: string): Promise<number> {
    const at = await this.ensure(4, field);
    this.position += 4;
    return this.view.getUint32(at, true);
  }

  async int32(field: string): Promise<number> {
    const at = await this.ensure(4, field);
    this.position += 4;
    return this.view.getInt32(at, true);
  }

  async float32(field: string): Promise<number> {
    const at = await this.ensure(4, field);
    this.position += 4;
    return this.view.getFloat32(at, true);
  }

  async float64(field: string): Promise<number> {
    const at = await this.ensure(8, field);
    this.position += 8;
    return this.view.getFloat64(at, true);
  }

  async uint64(field: string): Promise<bigint> {
    const at = await this.ensure(8, field);
    this.position += 8;
    return this.view.getBigUint64(at, true);
  }

  async int64(field: string): Promise<bigint> {
    const at = await this.ensure(8, field);
    this.position += 8;
    return this.view.getBigInt64(at, true);
  }

  /** A u64 count or length that must fit in the rest of the file at `minimumBytesEach` bytes per item. */
  async count(field: string, minimumBytesEach: number): Promise<number> {
    const at = this.position;
    const value = await this.uint64(field);
    const limit = minimumBytesEach === 0 ? BigInt(this.remaining) : BigInt(Math.floor(this.remaining / minimumBytesEach));
    if (value > limit) {
      this.fail(field, `is ${value}, more than the ${this.remaining} bytes left in the file can hold; the file is corrupt`, at);
    }
    return Number(value);
  }

  async string(field: string): Promise<string> {
    const length = await this.count(field, 1);
    const start = this.position;
    const at = await this.ensure(length, field);
    this.position += length;
    try {
      return textDecoder.decode(this.window.subarray(at, at + length));
    } catch {
      return this.fail(field, 'is not valid UTF-8; the file is corrupt', start);
    }
  }

  skipTo(offset: number): void {
    this.position = offset;
  }
}
