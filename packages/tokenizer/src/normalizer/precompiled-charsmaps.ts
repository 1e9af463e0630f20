import { brotliDecompressSync } from 'node:zlib';
import type { NormalizationRuleName } from './normalization-rules.js';
import { compressedCharsmaps, precompiledCharsmapsRuntime } from './precompiled-charsmaps.generated.js';

/** The rule names that have a charsmap (`identity` has none). */
export type PrecompiledRuleName = Exclude<NormalizationRuleName, 'identity'>;

export { precompiledCharsmapsRuntime };

const decompressed = new Map<PrecompiledRuleName, Uint8Array>();

/**
 * A rule set's `precompiled_charsmap`, as our builder (normalization-rules.ts, compileCharsmap)
 * produced it at development time — spm likewise ships its charsmaps compiled into its binary.
 * Building at run time took about 240 MB and seconds; this decompresses a few hundred kilobytes
 * on first use (cached) and returns a fresh copy. `identity` has no rules: an empty blob.
 *
 * @example
 * ```ts
 * import { precompiledCharsmap } from '@oellm/tokenizer';
 * model.normalizerSpec!.precompiledCharsmap = precompiledCharsmap('nmt_nfkc');
 * ```
 */
export function precompiledCharsmap(name: NormalizationRuleName): Uint8Array {
  if (name === 'identity') return new Uint8Array(0);
  let blob = decompressed.get(name);
  if (!blob) {
    const entry = compressedCharsmaps[name];
    const bytes = brotliDecompressSync(Buffer.from(entry.base64, 'base64'), { maxOutputLength: entry.byteLength });
    // A mismatch means the generated module was edited by hand or truncated: never ship it.
    if (bytes.byteLength !== entry.byteLength) throw new Error(`precompiled ${name} charsmap decompressed to ${bytes.byteLength} bytes, expected ${entry.byteLength}: run \`pnpm --filter @oellm/tokenizer build:charsmaps\``);
    blob = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    decompressed.set(name, blob);
  }
  return blob.slice();
}
