/**
 * Many texts in one buffer: text `i` is the UTF-8 `bytes[offsets[i], offsets[i + 1])`. One buffer
 * moves to a worker thread by transfer, where an array of strings would be copied one by one.
 */
export interface PackedTexts {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/** Token ids of many texts in one buffer: text `i`'s ids are `ids[offsets[i], offsets[i + 1])`. */
export interface PackedIds {
  ids: Uint32Array;
  offsets: Int32Array;
}

/**
 * Packs strings as UTF-8 into one buffer.
 *
 * @example
 * ```ts
 * const packed = packTexts(['Dia duit', 'Bonġu']);
 * packed.offsets; // Int32Array [0, 8, 14]
 * ```
 */
export function packTexts(texts: readonly string[]): PackedTexts {
  let capacity = 0;
  for (const text of texts) capacity += text.length * 3;
  const bytes = new Uint8Array(capacity);
  const offsets = new Int32Array(texts.length + 1);
  const encoder = new TextEncoder();
  let length = 0;
  for (let index = 0; index < texts.length; index++) {
    length += encoder.encodeInto(texts[index]!, bytes.subarray(length)).written;
    offsets[index + 1] = length;
  }
  // An exact-size copy, so the buffer can be transferred without the unused capacity.
  return { bytes: bytes.slice(0, length), offsets };
}

/**
 * The ids of each text as views into `packed.ids` (no copy).
 *
 * @example
 * ```ts
 * const perText = unpackIds(await tokenizer.encodePacked(packTexts(['Dia duit', 'Bonġu'])));
 * perText[1]; // the ids of 'Bonġu'
 * ```
 */
export function unpackIds(packed: PackedIds): Uint32Array[] {
  const result = new Array<Uint32Array>(packed.offsets.length - 1);
  for (let index = 0; index < result.length; index++) result[index] = packed.ids.subarray(packed.offsets[index]!, packed.offsets[index + 1]!);
  return result;
}
