import type { PackedIds, PackedTexts } from '../encoder/packed-texts.js';
import type { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';

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
