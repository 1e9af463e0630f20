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
  // At most 10 digits and a separator per id, and a newline per document.
  const output = new Uint8Array(ids.length * 11 + documents);
  let length = 0;
  for (let document = 0; document < documents; document++) {
    const end = offsets[document + 1]!;
    for (let index = offsets[document]!; index < end; index++) {
      if (index > offsets[document]!) output[length++] = 0x20;
      let id = ids[index]!;
      if (id < 10) {
        output[length++] = 0x30 + id;
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
