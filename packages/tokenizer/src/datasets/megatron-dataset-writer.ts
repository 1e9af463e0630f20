import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { sha256Hex, temporaryPathFor, writeFileAtomic } from '@oellm/core';
import { StreamedFileHash } from './streamed-file-entry.js';

/**
 * Token types Megatron-LM's MMIDIDX format can store, with its DType codes.
 *
 * @example
 * ```ts
 * import { megatronDataTypes } from '@oellm/tokenizer';
 * // Vocabularies below 65,500 ids are stored as uint16 (DType code 8), larger ones as int32 (code 4).
 * const type = vocabularySize < 65_500 ? megatronDataTypes.uint16 : megatronDataTypes.int32;
 * ```
 */
export const megatronDataTypes = { uint16: { code: 8, bytes: 2 }, int32: { code: 4, bytes: 4 } } as const;
export type MegatronDataType = keyof typeof megatronDataTypes;

/** Options of {@link createMegatronDatasetWriter}. */
export interface MegatronDatasetWriterOptions {
  /** Picks the token type as Megatron's DType.optimal_dtype does: uint16 below 65,500, else int32. */
  vocabularySize: number;
}

/** What {@link MegatronDatasetWriter.finalize} wrote. */
export interface MegatronDatasetSummary {
  binPath: string;
  indexPath: string;
  documents: number;
  sequences: number;
  tokens: number;
  dataType: MegatronDataType;
  /** Size and sha256 of `.bin` and `.idx`, hashed as they were written (for a manifest, without reading them again). */
  hashes: { bin: FileHash; index: FileHash };
}

/** A file's size and sha256 (hex). */
export interface FileHash {
  bytes: number;
  sha256: string;
}

/** Streams token sequences into a Megatron-LM indexed dataset (`.bin` + `.idx`). */
export interface MegatronDatasetWriter {
  /** Appends one sequence (Megatron's add_item). */
  addItem(ids: ArrayLike<number>): Promise<void>;
  /** Closes the current document (Megatron's end_document). */
  endDocument(): void;
  /** A one-sequence document: addItem then endDocument. */
  addDocument(ids: ArrayLike<number>): Promise<void>;
  /**
   * Many one-sequence documents in one write: document `i` is `ids[offsets[i], offsets[i + 1])`
   * (the packed form encoders return).
   */
  addDocuments(ids: Uint32Array, offsets: Int32Array): Promise<void>;
  /** Writes the `.idx` and moves both files into place (until then they have temporary names). */
  finalize(): Promise<MegatronDatasetSummary>;
  /** Removes the temporary files. */
  abort(): Promise<void>;
}

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const indexHeader = Uint8Array.of(0x4d, 0x4d, 0x49, 0x44, 0x49, 0x44, 0x58, 0x00, 0x00); // "MMIDIDX\0\0"

/**
 * Writes Megatron-LM's MMIDIDX indexed dataset exactly as megatron/core/datasets/indexed_dataset.py's
 * IndexedDatasetBuilder does: tokens little-endian in `.bin`; `.idx` = header, version 1, dtype code,
 * sequence count, document count, int32 lengths, int64 byte pointers, int64 document indices
 * (starting with 0, one entry per end_document). Token ids stream to disk; only the per-sequence
 * lengths stay in memory.
 *
 * @example
 * ```ts
 * import { createMegatronDatasetWriter } from '@oellm/tokenizer';
 * const writer = await createMegatronDatasetWriter('out/train_text_document', { vocabularySize: 32000 });
 * for (const text of documents) await writer.addDocument(tokenizer.encode(text));
 * await writer.finalize(); // out/train_text_document.bin + .idx
 * ```
 */
export async function createMegatronDatasetWriter(pathPrefix: string, options: MegatronDatasetWriterOptions): Promise<MegatronDatasetWriter> {
  const dataType: MegatronDataType = options.vocabularySize < 65500 ? 'uint16' : 'int32';
  const { bytes: itemSize } = megatronDataTypes[dataType];
  const maximumId = dataType === 'uint16' ? 0xffff : 0x7fffffff;
  const binPath = `${pathPrefix}.bin`;
  const indexPath = `${pathPrefix}.idx`;
  const temporaryBin = temporaryPathFor(binPath);
  const handle: FileHandle = await open(temporaryBin, 'w');
  let lengths = new Int32Array(1024);
  let sequenceCount = 0;
  const documentIndices: number[] = [0];
  let tokens = 0;
  let closed = false;
  const binHash = new StreamedFileHash();

  const addItem = async (ids: ArrayLike<number>): Promise<void> => {
    const buffer = new ArrayBuffer(ids.length * itemSize);
    const view = new DataView(buffer);
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index]!;
      if (!Number.isInteger(id) || id < 0 || id > maximumId) throw new RangeError(`token id ${id} does not fit the dataset's ${dataType}`);
      if (itemSize === 2) view.setUint16(index * 2, id, true);
      else view.setInt32(index * 4, id, true);
    }
    binHash.update(new Uint8Array(buffer));
    await handle.write(new Uint8Array(buffer));
    if (sequenceCount >= lengths.length) {
      const grown = new Int32Array(lengths.length * 2);
      grown.set(lengths);
      lengths = grown;
    }
    lengths[sequenceCount++] = ids.length;
    tokens += ids.length;
  };
  const endDocument = (): void => {
    documentIndices.push(sequenceCount);
  };
  const addDocuments = async (ids: Uint32Array, offsets: Int32Array): Promise<void> => {
    const documents = offsets.length - 1;
    const total = offsets[documents]! - offsets[0]!;
    const bytes = new Uint8Array(total * itemSize);
    // Token ids are little-endian in the file; typed arrays are in the machine's order, so check it.
    const values = itemSize === 2 ? new Uint16Array(bytes.buffer) : new Int32Array(bytes.buffer);
    const first = offsets[0]!;
    for (let index = 0; index < total; index++) {
      const id = ids[first + index]!;
      if (id > maximumId) throw new RangeError(`token id ${id} does not fit the dataset's ${dataType}`);
      values[index] = id;
    }
    if (!littleEndian) for (let index = 0; index < bytes.length; index += itemSize) bytes.subarray(index, index + itemSize).reverse();
    binHash.update(bytes);
    await handle.write(bytes);
    for (let document = 0; document < documents; document++) {
      if (sequenceCount >= lengths.length) {
        const grown = new Int32Array(lengths.length * 2);
        grown.set(lengths);
        lengths = grown;
      }
      lengths[sequenceCount++] = offsets[document + 1]! - offsets[document]!;
      documentIndices.push(sequenceCount);
    }
    tokens += total;
  };

  return {
    addItem,
    endDocument,
    addDocuments,
    async addDocument(ids) {
      await addItem(ids);
      endDocument();
    },
    async finalize() {
      closed = true;
      await handle.close();
      const headerSize = 9 + 8 + 1 + 8 + 8;
      const index = new Uint8Array(headerSize + sequenceCount * (4 + 8) + documentIndices.length * 8);
      const view = new DataView(index.buffer);
      index.set(indexHeader, 0);
      view.setBigUint64(9, 1n, true);
      view.setUint8(17, megatronDataTypes[dataType].code);
      view.setBigUint64(18, BigInt(sequenceCount), true);
      view.setBigUint64(26, BigInt(documentIndices.length), true);
      let offset = headerSize;
      for (let sequence = 0; sequence < sequenceCount; sequence++, offset += 4) view.setInt32(offset, lengths[sequence]!, true);
      let pointer = 0;
      for (let sequence = 0; sequence < sequenceCount; sequence++, offset += 8) {
        view.setBigInt64(offset, BigInt(pointer), true);
        pointer += lengths[sequence]! * itemSize;
      }
      for (const documentIndex of documentIndices) {
        view.setBigInt64(offset, BigInt(documentIndex), true);
        offset += 8;
      }
      await rename(temporaryBin, binPath);
      await writeFileAtomic(indexPath, index);
      const hashes = { bin: { bytes: binHash.bytes, sha256: binHash.digest() }, index: { bytes: index.length, sha256: sha256Hex(index) } };
      return { binPath, indexPath, documents: documentIndices.length - 1, sequences: sequenceCount, tokens, dataType, hashes };
    },
    async abort() {
      if (!closed) await handle.close();
      closed = true;
      await rm(temporaryBin, { force: true });
    },
  };
}
