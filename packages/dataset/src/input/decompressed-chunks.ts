import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

/**
 * How a compressed stream ended early or broke; the reader quarantines the rest of the file
 * with this reason and goes on with the next file.
 *
 * @example
 * ```ts
 * import { StreamDamage } from '@oellm/dataset';
 * const damage = new StreamDamage('truncated_zstd_frame', 'the file ends inside a zstd frame');
 * ```
 */
export class StreamDamage extends Error {
  constructor(
    readonly reason: 'truncated_zstd_frame' | 'invalid_zstd' | 'truncated_gzip' | 'invalid_gzip',
    detail: string,
  ) {
    super(detail);
    this.name = 'StreamDamage';
  }
}

/**
 * The compression of a file, from its name.
 *
 * @example
 * ```ts
 * import type { Compression } from '@oellm/dataset';
 * const compression: Compression = 'zstd';
 * ```
 */
export type Compression = 'none' | 'gzip' | 'zstd';

/**
 * Which zstd decoder to use: the `zstd` command (native speed, runs on another core) when it
 * is installed, else fzstd (pure JavaScript, about 70 MB/s). `auto` picks the first available.
 *
 * @example
 * ```ts
 * import type { ZstdDecoder } from '@oellm/dataset';
 * const decoder: ZstdDecoder = 'fzstd';
 * ```
 */
export type ZstdDecoder = 'auto' | 'zstd-cli' | 'fzstd';

/**
 * The compression a file name implies (`.gz`, `.zst`/`.zstd`).
 *
 * @example
 * ```ts
 * import { compressionOf } from '@oellm/dataset';
 * compressionOf('shard_1.jsonl.zst'); // 'zstd'
 * ```
 */
export function compressionOf(path: string): Compression {
  if (/\.gz$/i.test(path)) return 'gzip';
  if (/\.zstd?$/i.test(path)) return 'zstd';
  return 'none';
}

/**
 * Options of {@link decompressedChunks}.
 *
 * @example
 * ```ts
 * import type { DecompressOptions } from '@oellm/dataset';
 * const options: DecompressOptions = { zstdDecoder: 'fzstd', onBytes: (bytes) => (total += bytes) };
 * ```
 */
export interface DecompressOptions {
  zstdDecoder?: ZstdDecoder;
  /** Called with each decompressed chunk's size. */
  onBytes?: (bytes: number) => void;
}

/**
 * Streams a file's decompressed bytes in chunks. A damaged or truncated compressed stream
 * ends the iteration with a {@link StreamDamage} error after every byte that could be decoded.
 *
 * @example
 * ```ts
 * import { decompressedChunks } from '@oellm/dataset';
 * for await (const chunk of decompressedChunks('shard.jsonl.zst')) console.log(chunk.length);
 * ```
 */
export async function* decompressedChunks(path: string, options: DecompressOptions = {}): AsyncGenerator<Buffer> {
  const compression = compressionOf(path);
  const onBytes = options.onBytes;
  if (compression === 'zstd') {
    const decoder = options.zstdDecoder ?? 'auto';
    if (decoder === 'zstd-cli' || (decoder === 'auto' && (await hasZstdCommand()))) yield* zstdCommandChunks(path, onBytes);
    else yield* fzstdChunks(path, onBytes);
    return;
  }
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (compression === 'none') {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      yield chunk;
    }
    return;
  }
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  file.on('error', (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      yield chunk;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') throw new StreamDamage('truncated_gzip', 'the file ends inside a gzip member');
    if (code === 'Z_DATA_ERROR') throw new StreamDamage('invalid_gzip', `damaged gzip data (${(error as Error).message})`);
    throw error;
  } finally {
    file.destroy();
  }
}

let zstdCommand: Promise<boolean> | undefined;

/**
 * True when the `zstd` command is on the PATH (checked once).
 *
 * @example
 * ```ts
 * import { hasZstdCommand } from '@oellm/dataset';
 * if (!(await hasZstdCommand())) console.warn('install zstd for faster .zst reading');
 * ```
 */
export function hasZstdCommand(): Promise<boolean> {
  zstdCommand ??= new Promise((resolve) => {
    const child = spawn('zstd', ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
  return zstdCommand;
}

async function* zstdCommandChunks(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const child = spawn('zstd', ['-d', '-c', '-q', '--', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      yield chunk;
    }
    const [code] = await exited;
    if (code !== 0) {
      // zstd says "premature end" (or "truncated") when the file stops inside a frame.
      if (/premature end|truncated/i.test(stderr)) throw new StreamDamage('truncated_zstd_frame', 'the file ends inside a zstd frame (truncated download or killed writer)');
      throw new StreamDamage('invalid_zstd', `damaged zstd data (zstd: ${stderr.trim() || `exit code ${code}`})`);
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

async function* fzstdChunks(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  // fzstd decodes in JavaScript, block by block, so memory stays bounded whatever the frame size.
  let pending: Uint8Array[] = [];
  const decompressor = new Decompress((data) => {
    pending.push(data);
  });
  const flush = function* () {
    const ready = pending;
    pending = [];
    for (const data of ready) {
      onBytes?.(data.length);
      yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    }
  };
  try {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      const damage = tryPush(decompressor, chunk, false);
      yield* flush();
      if (damage) throw damage;
    }
    const damage = tryPush(decompressor, new Uint8Array(0), true);
    yield* flush();
    if (damage) throw damage;
  } finally {
    file.destroy();
  }
}

function tryPush(decompressor: Decompress, chunk: Uint8Array, final: boolean): StreamDamage | undefined {
  try {
    decompressor.push(chunk, final);
    return undefined;
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 5) return new StreamDamage('truncated_zstd_frame', 'the file ends inside a zstd frame (truncated download or killed writer)');
    return new StreamDamage('invalid_zstd', `damaged zstd data (${(error as Error).message})`);
  }
}
