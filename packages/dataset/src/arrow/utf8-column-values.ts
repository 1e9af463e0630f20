import type { Data, Utf8 } from 'apache-arrow';

/**
 * The strings of a Utf8 column chunk (nulls as `null`), decoded straight from its offset and
 * data buffers: much faster than `vector.get(row)` per row.
 *
 * @example
 * ```ts
 * import { utf8ColumnValues } from '@oellm/dataset';
 * const texts = utf8ColumnValues(batch.getChild('text')!.data[0]!);
 * ```
 */
export function utf8ColumnValues(data: Data<Utf8>): Array<string | null> {
  const { length, offset } = data;
  const offsets = data.valueOffsets;
  const values = data.values;
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const validity = data.nullCount > 0 ? data.nullBitmap : undefined;
  const strings = new Array<string | null>(length);
  for (let row = 0; row < length; row++) {
    // apache-arrow slices value offsets on Data.slice but not the validity bitmap, which keeps `offset`.
    const bit = offset + row;
    if (validity && (validity[bit >> 3]! & (1 << (bit & 7))) === 0) strings[row] = null;
    else strings[row] = bytes.toString('utf8', offsets[row]!, offsets[row + 1]!);
  }
  return strings;
}

/**
 * UTF-8 bytes of each row summed over all Utf8 columns of a batch: the size a row adds to a shard.
 *
 * @example
 * ```ts
 * import { rowByteSizes } from '@oellm/dataset';
 * const sizes = rowByteSizes(batch); // Float64Array, one entry per row
 * ```
 */
export function rowByteSizes(columns: ReadonlyArray<Data>, length: number): Float64Array {
  const sizes = new Float64Array(length);
  for (const data of columns) {
    const offsets = data.valueOffsets as Int32Array | undefined;
    if (!offsets) continue;
    for (let row = 0; row < length; row++) sizes[row]! += offsets[row + 1]! - offsets[row]!;
  }
  return sizes;
}

/**
 * The values of a Utf8 column chunk as UTF-8 byte views into its data buffer (nulls as
 * `null`): for writers that take bytes, so nothing is decoded to a string and encoded again.
 *
 * @example
 * ```ts
 * import { utf8ColumnBytes } from '@oellm/dataset';
 * const texts = utf8ColumnBytes(batch.getChild('text')!.data[0]!); // Array<Uint8Array | null>
 * ```
 */
export function utf8ColumnBytes(data: Data<Utf8>): Array<Uint8Array | null> {
  const { length, offset } = data;
  const offsets = data.valueOffsets;
  const values = data.values;
  const validity = data.nullCount > 0 ? data.nullBitmap : undefined;
  const views = new Array<Uint8Array | null>(length);
  for (let row = 0; row < length; row++) {
    const bit = offset + row;
    if (validity && (validity[bit >> 3]! & (1 << (bit & 7))) === 0) views[row] = null;
    else views[row] = values.subarray(offsets[row]!, offsets[row + 1]!);
  }
  return views;
}
