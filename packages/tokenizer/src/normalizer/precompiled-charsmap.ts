import { InputError } from '@oellm/core';

/**
 * A normaliser's compiled rules as sentencepiece stores them in `precompiled_charsmap`:
 * `<trie size: uint32 LE><darts-clone double array><NUL-terminated normalised strings>`.
 * Lookups walk the double array exactly as darts-clone's commonPrefixSearch does.
 *
 * @example
 * ```ts
 * import { PrecompiledCharsmap } from '@oellm/tokenizer';
 * const charsmap = new PrecompiledCharsmap(model.normalizerSpec!.precompiledCharsmap!, 'eu.model');
 * const bytes = new TextEncoder().encode('ﬁ');
 * const match = charsmap.longestMatch(bytes, 0, bytes.length); // the NFKC replacement 'fi'
 * ```
 */
export class PrecompiledCharsmap {
  private readonly units: Uint32Array;
  private readonly normalized: Uint8Array;

  constructor(blob: Uint8Array, file = '<model>') {
    if (blob.length <= 4) throw invalid(file, 'precompiled_charsmap is shorter than its 4-byte header');
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const trieSize = view.getUint32(0, true);
    if (trieSize >= blob.length) throw invalid(file, `precompiled_charsmap claims a ${trieSize}-byte trie in a ${blob.length}-byte blob`);
    // Copy the units so they are aligned, whatever the blob's offset in the file.
    const unitCount = Math.floor(trieSize / 4);
    this.units = new Uint32Array(unitCount);
    for (let index = 0; index < unitCount; index++) this.units[index] = view.getUint32(4 + index * 4, true);
    this.normalized = blob.subarray(4 + trieSize);
  }

  /**
   * The longest rule matching a prefix of `bytes[start, end)`: sets `matchLength` (0 if none)
   * and the normalised replacement's bounds in {@link replacementBytes}.
   */
  longestMatch(bytes: Uint8Array, start: number, end: number): { length: number; replacementStart: number; replacementEnd: number } {
    const units = this.units;
    let length = 0;
    let value = 0;
    if (units.length === 0) return { length: 0, replacementStart: 0, replacementEnd: 0 };
    let nodePosition = offsetOf(units[0]!);
    for (let index = start; index < end; index++) {
      const byte = bytes[index]!;
      nodePosition = (nodePosition ^ byte) >>> 0;
      if (nodePosition >= units.length) break;
      const unit = units[nodePosition]!;
      // label(): the low byte plus the leaf flag (bit 31), so leaf units never match a byte.
      if ((unit & 0x800000ff) !== byte) break;
      nodePosition = (nodePosition ^ offsetOf(unit)) >>> 0;
      if ((unit >>> 8) & 1) {
        if (nodePosition >= units.length) break;
        length = index - start + 1;
        value = units[nodePosition]! & 0x7fffffff;
      }
    }
    if (length === 0) return { length: 0, replacementStart: 0, replacementEnd: 0 };
    const normalized = this.normalized;
    if (value >= normalized.length) throw invalid('<model>', `precompiled_charsmap points at offset ${value} past its ${normalized.length}-byte string table`);
    let stop = value;
    while (stop < normalized.length && normalized[stop] !== 0) stop++;
    return { length, replacementStart: value, replacementEnd: stop };
  }

  /** The string table the replacements point into. */
  get replacementBytes(): Uint8Array {
    return this.normalized;
  }
}

function offsetOf(unit: number): number {
  return ((unit >>> 10) << ((unit & (1 << 9)) >>> 6)) >>> 0;
}

function invalid(file: string, message: string): InputError {
  return new InputError({ code: 'invalid_model', message: `${message}; the normaliser rules are broken, re-export the model`, location: { file, field: 'normalizer_spec.precompiled_charsmap' } });
}
