import { compressionRegistry, CompressionType } from 'apache-arrow';
import { decompress } from 'fzstd';

type ZstdCompress = (data: Uint8Array, level?: number) => Uint8Array;
let compressor: Promise<ZstdCompress> | undefined;

/**
 * The synchronous zstd compressor (libzstd compiled to WebAssembly by `@bokuweb/zstd-wasm`),
 * loaded once on first use. Synchronous because apache-arrow's and hyparquet-writer's codec
 * hooks are.
 *
 * @example
 * ```ts
 * import { loadZstdCompressor } from '@oellm/dataset';
 * const compress = await loadZstdCompressor();
 * const frame = compress(new TextEncoder().encode('{"text":"Bonġu"}\n'), 3);
 * ```
 */
export function loadZstdCompressor(): Promise<ZstdCompress> {
  compressor ??= (async () => {
    const zstd = await import('@bokuweb/zstd-wasm');
    await zstd.init();
    return (data: Uint8Array, level = 3) => zstd.compress(data, level);
  })();
  return compressor;
}

/**
 * Decompresses a complete zstd buffer (all frames).
 *
 * @example
 * ```ts
 * import { zstdDecompress } from '@oellm/dataset';
 * const bytes = zstdDecompress(frame);
 * ```
 */
export function zstdDecompress(data: Uint8Array): Uint8Array {
  return decompress(data);
}

let arrowCodecRegistered = false;
// apache-arrow's codec registry is global; the level applies to files opened after it is set
// (one writer per thread writes at a time).
let arrowZstdLevel = 3;

/**
 * Registers zstd with apache-arrow's IPC compression registry, so record batches with zstd
 * body compression can be written (at `level`, default 3) and read.
 *
 * @example
 * ```ts
 * import { registerArrowZstdCodec } from '@oellm/dataset';
 * await registerArrowZstdCodec(3);
 * const writer = new RecordBatchFileWriter({ compressionType: CompressionType.ZSTD });
 * ```
 */
export async function registerArrowZstdCodec(level?: number): Promise<void> {
  // Readers register without a level, so they never change the level of a writer on the same thread.
  if (level !== undefined) arrowZstdLevel = level;
  if (arrowCodecRegistered) return;
  const compress = await loadZstdCompressor();
  compressionRegistry.set(CompressionType.ZSTD, { encode: (data) => compress(data, arrowZstdLevel), decode: (data) => decompress(data) });
  arrowCodecRegistered = true;
}
