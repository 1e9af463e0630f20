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

  constructor(
    blob: Uint8Array,
    private readonly file = '<model>',
  ) {
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

  /** Bounds in {@link replacementBytes} of the replacement {@link matchLength} last found. */
  matchedReplacementStart = 0;
  matchedReplacementEnd = 0;

  /**
   * The longest rule matching a prefix of `bytes[start, end)`: sets `matchLength` (0 if none)
   * and the normalised replacement's bounds in {@link replacementBytes}.
   */
  longestMatch(bytes: Uint8Array, start: number, end: number): { length: number; replacementStart: number; replacementEnd: number } {
    const length = this.matchLength(bytes, start, end);
    return { length, replacementStart: this.matchedReplacementStart, replacementEnd: this.matchedReplacementEnd };
  }

  /**
   * Length of the longest rule matching a prefix of `bytes[start, end)` (0 if none); its
   * replacement's bounds go to {@link matchedReplacementStart} and {@link matchedReplacementEnd}.
   * The allocation-free form of {@link longestMatch}, for the normaliser's loop.
   */
  matchLength(bytes: Uint8Array, start: number, end: number): number {
    const units = this.units;
    let length = 0;
    let value = 0;
    this.matchedReplacementStart = 0;
    this.matchedReplacementEnd = 0;
    if (units.length === 0) return 0;
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
    if (length === 0) return 0;
    const normalized = this.normalized;
    if (value >= normalized.length) throw invalid(this.file, `precompiled_charsmap points at offset ${value} past its ${normalized.length}-byte string table`);
    let stop = value;
    while (stop < normalized.length && normalized[stop] !== 0) stop++;
    this.matchedReplacementStart = value;
    this.matchedReplacementEnd = stop;
    return length;
  }

  /**
   * Whether some rule's source starts with `byte` (then `second`, if given). If not, every text
   * starting so is left as it is.
   */
  hasRuleStartingWith(byte: number, second = -1): boolean {
    const units = this.units;
    if (units.length === 0) return false;
    let nodePosition = (offsetOf(units[0]!) ^ byte) >>> 0;
    if (nodePosition >= units.length) return false;
    let unit = units[nodePosition]!;
    if ((unit & 0x800000ff) !== byte) return false;
    if (second < 0) return true;
    nodePosition = ((nodePosition ^ offsetOf(unit)) ^ second) >>> 0;
    if (nodePosition >= units.length) return false;
    unit = units[nodePosition]!;
    return (unit & 0x800000ff) === second;
  }

  /**
   * Whether some rule's source starts with `bytes[0, length)` (or is exactly that). If not, a
   * text starting with those bytes is left as it is there, whatever follows.
   */
  isRulePrefix(bytes: Uint8Array, length: number): boolean {
    const units = this.units;
    if (units.length === 0) return false;
    let nodePosition = offsetOf(units[0]!);
    for (let index = 0; index < length; index++) {
      const byte = bytes[index]!;
      nodePosition = (nodePosition ^ byte) >>> 0;
      if (nodePosition >= units.length) return false;
      const unit = units[nodePosition]!;
      if ((unit & 0x800000ff) !== byte) return false;
      nodePosition = (nodePosition ^ offsetOf(unit)) >>> 0;
    }
    return true;
  }

  /** The darts-clone double array's units (for the WebAssembly normaliser, which walks a copy). */
  get doubleArrayUnits(): Uint32Array {
    return this.units;
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
