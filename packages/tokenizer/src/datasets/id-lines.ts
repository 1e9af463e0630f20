import type { PackedIds } from '../encoder/packed-texts.js';

/**
 * The `ids` output format of a chunk: one line per document, ids in decimal separated by single
 * spaces, as `spm_encode --output_format=id` prints them. Written from a digit table into one
 * buffer (joining strings per document costs more than the encoding of short lines): `reuse`
 * when it is large enough (the result is then a view of it; pass the last result's buffer back
 * once it is written), else a new one.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(formatIdLines({ ids: Uint32Array.of(5, 17, 9), offsets: Int32Array.of(0, 2, 3) })); // '5 17\n9\n'
 * ```
 */
export function formatIdLines(chunk: PackedIds, reuse?: Uint8Array): Uint8Array {
  const { ids, offsets } = chunk;
  const documents = offsets.length - 1;
  const { characters, lengths } = smallIdDigits();
  // Each small id writes 8 bytes (its digits, a space, zeros) with one unaligned store and
  // advances by its length, instead of a loop over its digits: room for 6 bytes per id, a newline
  // per document and the 2 bytes the last store writes past that; an id past the table checks for more.
  const room = ids.length * 6 + documents + 8;
  let output = reuse && reuse.byteOffset === 0 && reuse.length >= room ? reuse : new Uint8Array(room);
  let view = new DataView(output.buffer);
  let length = 0;
  for (let document = 0; document < documents; document++) {
    const start = offsets[document]!;
    const end = offsets[document + 1]!;
    for (let index = start; index < end; index++) {
      let id = ids[index]!;
      if (id < smallIds) {
        view.setFloat64(length, characters[id]!, true);
        length += lengths[id]!;
        continue;
      }
      // Up to 10 digits and a space, with room for 6 bytes per id and a newline per document after it.
      const needed = length + 11 + (ids.length - index) * 6 + (documents - document) + 8;
      if (needed > output.length) {
        const grown = new Uint8Array(Math.max(needed, output.length * 2));
        grown.set(output.subarray(0, length));
        output = grown;
        view = new DataView(output.buffer);
      }
      const first = length;
      while (id > 0) {
        output[length++] = 0x30 + (id % 10);
        id = Math.floor(id / 10);
      }
      // The digits came out backwards.
      for (let left = first, right = length - 1; left < right; left++, right--) {
        const digit = output[left]!;
        output[left] = output[right]!;
        output[right] = digit;
      }
      output[length++] = 0x20;
    }
    // The newline replaces the last id's space.
    if (end > start) output[length - 1] = 0x0a;
    else output[length++] = 0x0a;
  }
  return output.subarray(0, length);
}

/** Ids below this (ids of up to 5 digits: every id of most vocabularies) are written from a table of their digits. */
const smallIds = 100_000;
interface SmallIdDigits {
  /**
   * Per id, "digits + space" padded with zeros to 8 bytes, read as a little-endian float64 (its
   * two high bytes are 0, so never a NaN that a store could canonicalise; loads and stores copy
   * the bits as they are).
   */
  characters: Float64Array;
  /** Per id, the number of digits plus one (the space). */
  lengths: Uint8Array;
}
let smallIdDigitTable: SmallIdDigits | undefined;

/** The digits and a space of every id below {@link smallIds}, 8 bytes each (900 kB, built once). */
function smallIdDigits(): SmallIdDigits {
  if (smallIdDigitTable) return smallIdDigitTable;
  const bytes = new Uint8Array(smallIds * 8);
  const lengths = new Uint8Array(smallIds);
  for (let id = 0; id < smallIds; id++) {
    const text = `${id} `;
    lengths[id] = text.length;
    for (let index = 0; index < text.length; index++) bytes[id * 8 + index] = text.charCodeAt(index);
  }
  // Float64Array reads the platform's byte order; DataView's little-endian reads match the stores.
  const view = new DataView(bytes.buffer);
  const characters = new Float64Array(smallIds);
  for (let id = 0; id < smallIds; id++) characters[id] = view.getFloat64(id * 8, true);
  smallIdDigitTable = { characters, lengths };
  return smallIdDigitTable;
}
