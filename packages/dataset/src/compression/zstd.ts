import { compressionRegistry, CompressionType } from 'apache-arrow';
import { decompress } from 'fzstd';

/**
 * A synchronous zstd compressor (one complete frame per call), as apache-arrow's and
 * hyparquet-writer's codec hooks need, and which library it runs on.
 *
 * @example
 * ```ts
 * import { loadZstdCompressor, type ZstdCompressor } from '@oellm/dataset';
 * const compress: ZstdCompressor = await loadZstdCompressor();
 * console.log(compress.implementation); // 'native' or 'wasm'
 * ```
 */
export interface ZstdCompressor {
  (data: Uint8Array, level?: number): Uint8Array;
  /** `native`: libzstd through the `zstd-napi` addon; `wasm`: libzstd in WebAssembly (`@bokuweb/zstd-wasm`). */
  readonly implementation: 'native' | 'wasm';
}

let compressor: Promise<ZstdCompressor> | undefined;

/**
 * The zstd compressor, loaded once on first use: native libzstd (`zstd-napi`, an optional
 * dependency built from source at install, about 2-3x faster) when it loads, else libzstd in
 * WebAssembly. `OELLM_ZSTD=wasm` in the environment forces WebAssembly. Both write standard
 * zstd frames that every decoder reads.
 *
 * @example
 * ```ts
 * import { loadZstdCompressor } from '@oellm/dataset';
 * const compress = await loadZstdCompressor();
 * const frame = compress(new TextEncoder().encode('{"text":"Bonġu"}\n'), 3);
 * ```
 */
export function loadZstdCompressor(): Promise<ZstdCompressor> {
  compressor ??= (async () => (process.env['OELLM_ZSTD'] === 'wasm' ? undefined : await loadNativeZstdCompressor()) ?? (await loadWasmZstdCompressor()))();
  return compressor;
}

/**
 * libzstd through the `zstd-napi` addon, or undefined when it is not installed or did not
 * build (it is an optional dependency compiled at install time).
 *
 * @example
 * ```ts
 * import { loadNativeZstdCompressor } from '@oellm/dataset';
 * const native = await loadNativeZstdCompressor(); // undefined without the addon
 * ```
 */
export async function loadNativeZstdCompressor(): Promise<ZstdCompressor | undefined> {
  let library: typeof import('zstd-napi');
  try {
    library = await import('zstd-napi');
  } catch {
    return undefined;
  }
  // One compression context per level, reused: no allocation of libzstd state per page or batch.
  const contexts = new Map<number, InstanceType<typeof library.Compressor>>();
  const compress = (data: Uint8Array, level = 3): Uint8Array => {
    let context = contexts.get(level);
    if (!context) {
      context = new library.Compressor();
      context.setParameters({ compressionLevel: level });
      contexts.set(level, context);
    }
    return context.compress(data);
  };
  return Object.assign(compress, { implementation: 'native' as const });
}

/**
 * libzstd compiled to WebAssembly by `@bokuweb/zstd-wasm`: always available, slower than native.
 *
 * @example
 * ```ts
 * import { loadWasmZstdCompressor } from '@oellm/dataset';
 * const compress = await loadWasmZstdCompressor();
 * ```
 */
export async function loadWasmZstdCompressor(): Promise<ZstdCompressor> {
  const zstd = await import('@bokuweb/zstd-wasm');
  await zstd.init();
  return Object.assign((data: Uint8Array, level = 3) => zstd.compress(data, level), { implementation: 'wasm' as const });
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
