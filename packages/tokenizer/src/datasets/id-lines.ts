import type { PackedIds } from '../encoder/packed-texts.js';

/**
 * The `ids` output format of a chunk: one line per document, ids in decimal separated by single
 * spaces, as `spm_encode --output_format=id` prints them. Written digit by digit into one buffer
 * (joining strings per document costs more than the encoding of short lines).
 *
 * @example
 * ```ts
 * new TextDecoder().decode(formatIdLines({ ids: Uint32Array.of(5, 17, 9), offsets: Int32Array.of(0, 2, 3) })); // '5 17\n9\n'
 * ```
 */
export function formatIdLines(chunk: PackedIds): Uint8Array {
  const { ids, offsets } = chunk;
  const documents = offsets.length - 1;
  const digits = smallIdDigits();
  // The size first (digits and a separator per id, a newline per document): allocating the
  // worst case (11 bytes per id) zero-fills twice the memory.
  let size = documents;
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index]!;
    size += id < smallIds ? digits[id * 6]! + 1 : 11;
  }
  const output = new Uint8Array(size);
  let length = 0;
  for (let document = 0; document < documents; document++) {
    const end = offsets[document + 1]!;
    for (let index = offsets[document]!; index < end; index++) {
      if (index > offsets[document]!) output[length++] = 0x20;
      let id = ids[index]!;
      if (id < smallIds) {
        // The id's digits from the table: its length, then up to 5 digits.
        const at = id * 6;
        const count = digits[at]!;
        for (let digit = 1; digit <= count; digit++) output[length++] = digits[at + digit]!;
        continue;
      }
      const start = length;
      while (id > 0) {
        output[length++] = 0x30 + (id % 10);
        id = Math.floor(id / 10);
      }
      // The digits came out backwards.
      for (let left = start, right = length - 1; left < right; left++, right--) {
        const digit = output[left]!;
        output[left] = output[right]!;
        output[right] = digit;
      }
    }
    output[length++] = 0x0a;
  }
  return output.subarray(0, length);
}

/** Ids below this (ids of up to 5 digits: every id of most vocabularies) are written from a table of their digits. */
const smallIds = 100_000;
let smallIdDigitTable: Uint8Array | undefined;

/** Per id below {@link smallIds}, 6 bytes: the number of decimal digits (at most 5), then the digits in ASCII. Built once (600 kB). */
function smallIdDigits(): Uint8Array {
  if (smallIdDigitTable) return smallIdDigitTable;
  const table = new Uint8Array(smallIds * 6);
  for (let id = 0; id < smallIds; id++) {
    const text = String(id);
    table[id * 6] = text.length;
    for (let index = 0; index < text.length; index++) table[id * 6 + 1 + index] = text.charCodeAt(index);
  }
  smallIdDigitTable = table;
  return table;
}
