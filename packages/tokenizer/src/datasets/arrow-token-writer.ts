import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { temporaryPathFor } from '@oellm/core';
import type { FileHash } from './megatron-dataset-writer.js';
import { StreamedFileHash } from './streamed-file-entry.js';

/** One tokenized document for {@link writeArrowTokenFile}. */
export interface TokenizedDocument {
  id?: string | null;
  ids: ArrayLike<number>;
}

/** What an Arrow token file holds once {@link ArrowTokenWriter.finalize} has written it. */
export interface ArrowTokenFileSummary {
  rows: number;
  tokens: number;
  /** Record batches in the file: one per {@link ArrowTokenWriter.addDocuments} call with documents. */
  batches: number;
  /** The file's size and sha256, hashed as it was written (for a manifest, without reading it again). */
  hash: FileHash;
}

/** Streams tokenized documents into an Arrow IPC file, one record batch at a time. */
export interface ArrowTokenWriter {
  /**
   * Writes documents as one record batch: document `i` has ids `ids[offsets[i], offsets[i + 1])`
   * (the packed form encoders return) and id `documentIds[i]`. The batch is on disk when the
   * promise resolves; the writer keeps nothing of it.
   */
  addDocuments(ids: Uint32Array, offsets: Int32Array, documentIds: readonly (string | null | undefined)[]): Promise<void>;
  /** Bytes written to the (temporary) file so far. */
  readonly bytesWritten: number;
  /** Writes the footer and moves the file into place (until then it has a temporary name). */
  finalize(): Promise<ArrowTokenFileSummary>;
  /** Removes the temporary file. */
  abort(): Promise<void>;
}

/**
 * Opens an Arrow IPC file (the random-access "file" format, as `tableToIPC(table, 'file')`
 * writes it) with columns `id` (utf8, nullable) and `tokens` (list<uint32>), one row per
 * document, and streams record batches into it: each batch goes to disk as it is added, so memory
 * holds one batch, not the dataset. Written under a temporary name and renamed by `finalize`.
 * apache-arrow is loaded only when this is called (it is an optional peer dependency).
 *
 * @example
 * ```ts
 * import { createArrowTokenWriter } from '@oellm/tokenizer';
 * const writer = await createArrowTokenWriter('out/tokens.arrow');
 * for await (const chunk of encodedChunks) await writer.addDocuments(chunk.ids, chunk.offsets, chunk.documentIds);
 * const { rows, tokens, batches } = await writer.finalize();
 * ```
 */
export async function createArrowTokenWriter(path: string): Promise<ArrowTokenWriter> {
  const arrow = await import('apache-arrow');
  const itemField = new arrow.Field('item', new arrow.Uint32(), false);
  const tokensType = new arrow.List(itemField);
  const schema = new arrow.Schema([new arrow.Field('id', new arrow.Utf8(), true), new arrow.Field('tokens', tokensType, false)]);

  // The writer hands its bytes to a queue that a reader would drain; this queue only collects
  // them, so each batch's bytes are written to the file (and dropped) before the next batch.
  class CollectingQueue extends arrow.AsyncByteQueue {
    chunks: Uint8Array[] = [];
    override write(value: Uint8Array): void {
      if (value.byteLength > 0) this.chunks.push(value);
    }
  }
  const queue = new CollectingQueue();
  const writer = new arrow.RecordBatchFileWriter();
  writer.reset(queue, schema);

  const temporaryPath = temporaryPathFor(path);
  const handle: FileHandle = await open(temporaryPath, 'w');
  let bytesWritten = 0;
  let rows = 0;
  let tokens = 0;
  let batches = 0;
  let closed = false;
  const hash = new StreamedFileHash();
  const flush = async (): Promise<void> => {
    const chunks = queue.chunks;
    queue.chunks = [];
    if (chunks.length === 0) return;
    for (const chunk of chunks) hash.update(chunk);
    const { bytesWritten: written } = await handle.writev(chunks);
    bytesWritten += written;
  };

  return {
    async addDocuments(ids, offsets, documentIds) {
      const count = offsets.length - 1;
      if (count !== documentIds.length) throw new RangeError(`${count} documents in offsets but ${documentIds.length} document ids`);
      if (count === 0) return;
      const first = offsets[0]!;
      const length = offsets[count]! - first;
      // Arrow list offsets are int32 and start where the values start.
      const valueOffsets = first === 0 ? offsets : offsets.map((offset) => offset - first);
      const values = ids.subarray(first, first + length);
      const idBuilder = arrow.makeBuilder({ type: new arrow.Utf8(), nullValues: [null, undefined] });
      for (const id of documentIds) idBuilder.append(id ?? null);
      const tokenData = arrow.makeData({ type: tokensType, length: count, nullCount: 0, valueOffsets, child: arrow.makeData({ type: new arrow.Uint32(), length, data: values }) });
      writer.write(new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: count, nullCount: 0, children: [idBuilder.finish().flush(), tokenData] })));
      await flush();
      rows += count;
      tokens += length;
      batches++;
    },
    get bytesWritten() {
      return bytesWritten;
    },
    async finalize() {
      // Closing writes the footer: the schema and where each record batch starts.
      writer.finish();
      await flush();
      closed = true;
      await handle.close();
      await rename(temporaryPath, path);
      return { rows, tokens, batches, hash: { bytes: hash.bytes, sha256: hash.digest() } };
    },
    async abort() {
      if (!closed) await handle.close().catch(() => {});
      closed = true;
      await rm(temporaryPath, { force: true });
    },
  };
}

/** Tokens per record batch when {@link writeArrowTokenFile} is given whole documents. */
const tokensPerBatch = 1 << 20;

/**
 * Writes tokenized documents as an Arrow IPC file with columns `id` (utf8, nullable) and
 * `tokens` (list<uint32>), one row per document, atomically, in record batches of about a
 * million tokens (see {@link createArrowTokenWriter} to stream documents that are not all in
 * memory).
 *
 * @example
 * ```ts
 * import { writeArrowTokenFile } from '@oellm/tokenizer';
 * await writeArrowTokenFile('out/tokens.arrow', documents.map((text, index) => ({ id: String(index), ids: tokenizer.encode(text) })));
 * ```
 */
export async function writeArrowTokenFile(path: string, documents: readonly TokenizedDocument[]): Promise<{ rows: number; tokens: number }> {
  const writer = await createArrowTokenWriter(path);
  try {
    for (let start = 0; start < documents.length; ) {
      let end = start;
      let total = 0;
      while (end < documents.length && (end === start || total + documents[end]!.ids.length <= tokensPerBatch)) total += documents[end++]!.ids.length;
      if (total > 0x7fffffff) throw new RangeError(`document ${start} has more than 2^31 tokens; Arrow list offsets are int32`);
      const offsets = new Int32Array(end - start + 1);
      const values = new Uint32Array(total);
      for (let index = start; index < end; index++) {
        values.set(documents[index]!.ids, offsets[index - start]!);
        offsets[index - start + 1] = offsets[index - start]! + documents[index]!.ids.length;
      }
      await writer.addDocuments(
        values,
        offsets,
        documents.slice(start, end).map((document) => document.id ?? null),
      );
      start = end;
    }
    const { rows, tokens } = await writer.finalize();
    return { rows, tokens };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
