import type { PackedIds, PackedTexts } from '../encoder/packed-texts.js';
import type { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';

/** One document to encode: raw UTF-8 (a line of a text file) or a string (a Document's text). */
export interface DocumentText {
  bytes?: Uint8Array;
  text?: string;
  /** The document's id, kept in Arrow output. */
  id?: string | null;
}

/** A chunk of documents to encode, with their ids (null when they have none). */
export interface DocumentChunk extends PackedTexts {
  documentIds: (string | null)[];
}

/** A chunk of encoded documents, in input order: document `i` has ids `ids[offsets[i], offsets[i + 1])`. */
export interface EncodedChunk extends PackedIds {
  documentIds: (string | null)[];
}

/** Bytes of text per chunk: large enough to amortise a worker round trip, small enough to stream. */
export const chunkBytes = 1 << 20;

/** Packs documents into chunks of about {@link chunkBytes} bytes of UTF-8. */
export async function* packDocuments(documents: AsyncIterable<DocumentText>): AsyncGenerator<DocumentChunk> {
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(chunkBytes + 4096);
  let offsets: number[] = [0];
  let documentIds: (string | null)[] = [];
  let length = 0;
  const take = (): DocumentChunk => {
    const chunk = { bytes: bytes.slice(0, length), offsets: Int32Array.from(offsets), documentIds };
    offsets = [0];
    documentIds = [];
    length = 0;
    return chunk;
  };
  const reserve = (extra: number): void => {
    if (length + extra <= bytes.length) return;
    const grown = new Uint8Array(Math.max(bytes.length * 2, length + extra));
    grown.set(bytes.subarray(0, length));
    bytes = grown;
  };
  for await (const document of documents) {
    if (document.bytes) {
      reserve(document.bytes.length);
      bytes.set(document.bytes, length);
      length += document.bytes.length;
    } else if (document.text) {
      reserve(document.text.length * 3);
      length += encoder.encodeInto(document.text, bytes.subarray(length)).written;
    }
    offsets.push(length);
    documentIds.push(document.id ?? null);
    if (length >= chunkBytes) yield take();
  }
  if (offsets.length > 1) yield take();
}

/**
 * Encodes chunks in input order. With worker threads (the tokenizer's `threads`, from the built
 * package) several chunks are encoded at once while the next ones are read; otherwise each
 * chunk is encoded on this thread as it arrives.
 */
export async function* encodeChunks(tokenizer: SentencePieceTokenizer, chunks: AsyncIterable<DocumentChunk>): AsyncGenerator<EncodedChunk> {
  const inFlight: Promise<EncodedChunk>[] = [];
  for await (const { bytes, offsets, documentIds } of chunks) {
    inFlight.push(tokenizer.encodePacked({ bytes, offsets }).then((encoded) => ({ ...encoded, documentIds })));
    // Keep every worker busy and one chunk ready; wait for the oldest beyond that.
    while (inFlight.length > Math.max(1, tokenizer.workerCount) + 1) yield await inFlight.shift()!;
  }
  while (inFlight.length > 0) yield await inFlight.shift()!;
}
