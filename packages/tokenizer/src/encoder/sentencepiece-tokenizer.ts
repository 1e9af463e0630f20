import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import { InputError, type SpecialTokenIds, type TokenizerV1 } from '@oellm/core';
import { parseModel, serializeModel } from '../model/model-file.js';
import { ModelType, normalizerSpecDefaults, PieceType, trainerSpecDefaults, type ModelProto } from '../model/model-proto.js';
import { Normalizer } from '../normalizer/normalizer.js';
import { utf8Decoder, utf8Encoder, validCharLength } from '../normalizer/utf8.js';
import { BpeEncoder } from './bpe-encoder.js';
import { EncodeWorkerPool } from './encode-worker-pool.js';
import { packTexts, unpackIds, type PackedIds, type PackedTexts } from './packed-texts.js';
import { Segmentation, type SegmentEncoder } from './segment-encoder.js';
import { UnigramEncoder } from './unigram-encoder.js';
import type { UnigramKernel } from './unigram-kernel.js';
import { bytePiece, Vocabulary } from './vocabulary.js';
import { largestCachedVocabulary, WordSegmentCache } from './word-segment-cache.js';
import { whitespaceMarkerPosition, WordSegmenter } from './word-segmenter.js';

/** Options of {@link SentencePieceTokenizer}. */
export interface SentencePieceTokenizerOptions {
  /** Name reported as `tokenizer.name` (default: the file name, or the model prefix). */
  name?: string;
  /**
   * Worker threads for `encodeBatch` and `encodePacked` (default 4; 0 encodes on the calling
   * thread). Workers start at the first large batch, load the model once and stay until `close()`
   * (idle, they do not keep the process alive).
   */
  threads?: number;
  /** File name used in error messages. */
  file?: string;
  /**
   * Words whose segmentation is kept for reuse (default 524,288; 0 turns the cache off). The
   * cache never changes the result; it is used when the model segments each whitespace-delimited
   * word on its own (models trained with spm's default `split_by_whitespace`), for BPE, and for
   * Unigram without WebAssembly (the kernel encodes whole lines faster than the cache serves
   * words). Its tables grow with the words seen, to about 64 bytes per word (32 MB at the
   * default) per tokenizer and per worker thread.
   */
  wordCacheSize?: number;
  /**
   * Encode Unigram texts in WebAssembly (default true; ignored for BPE): the kernel normalises a
   * line, runs the Viterbi over it and writes its ids in one call, with the same ids as the
   * JavaScript path, bit for bit; false keeps the JavaScript normaliser, word cache and Viterbi
   * (for runtimes without WebAssembly, which use them anyway, and for comparing the two).
   */
  webAssembly?: boolean;
}

// Large enough for the distinct words of ~10 MB of multilingual text (the benchmark
// corpus has 475,000 in 11 MB): on it, 131,072 words gave 65 % hits, 524,288 give 80 %, and BPE
// encodes 1.2x faster.
const defaultWordCacheSize = 524_288;

const spaceSymbol = '\u2581';

/**
 * Unigram texts up to this many UTF-8 bytes are encoded whole in the WebAssembly kernel, which
 * keeps about 56 bytes per byte of the longest (56 MB at this size); longer ones are normalised in
 * JavaScript and segmented whole by the kernel's Viterbi.
 */
const largestKernelLine = 1 << 20;

/**
 * A SentencePiece model (Unigram or BPE, from spm_train, a published model or our trainer)
 * that encodes and decodes exactly as `spm_encode`/`spm_decode` 0.1.97 do.
 *
 * @example
 * ```ts
 * import { loadSentencePieceTokenizer } from '@oellm/tokenizer';
 * const tokenizer = await loadSentencePieceTokenizer('eu.model');
 * const ids = tokenizer.encode('Dia duit, a dhomhain!');
 * tokenizer.decode(ids); // 'Dia duit, a dhomhain!'
 * ```
 */
export class SentencePieceTokenizer implements TokenizerV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  readonly vocabularySize: number;
  readonly specialIds: SpecialTokenIds;
  readonly model: ModelProto;
  private readonly vocabulary: Vocabulary;
  private readonly normalizer: Normalizer;
  private readonly denormalizer: Normalizer | undefined;
  private readonly segmenter: SegmentEncoder;
  private readonly wordSegmenter: WordSegmenter | undefined;
  private readonly threads: number;
  private modelBytes: Uint8Array | undefined;
  private pool: EncodeWorkerPool | undefined;
  private poolUnavailable = false;
  private ids = new Uint32Array(256);
  private idCount = 0;
  private readonly segmentation = new Segmentation();
  /** 1 for ids spm reports as unknown (merged, or spelled as bytes with byte fallback). */
  private readonly isUnknown: Uint8Array;
  private textBuffer = new Uint8Array(1024);
  /** encodePackedInline's ids before their exact copy (grows to the largest chunk's). */
  private packedIds = new Uint32Array(1024);
  /** Unigram with WebAssembly: normalises, segments and reports a whole line in one call. */
  private readonly lineKernel: UnigramKernel | undefined;

  constructor(model: ModelProto, options: SentencePieceTokenizerOptions = {}, modelBytes?: Uint8Array) {
    const file = options.file ?? '<model>';
    this.model = model;
    this.modelBytes = modelBytes;
    this.vocabulary = new Vocabulary(model, file);
    this.vocabularySize = this.vocabulary.size;
    const modelType = model.trainerSpec?.modelType ?? trainerSpecDefaults.modelType;
    if (modelType === ModelType.unigram) this.segmenter = new UnigramEncoder(this.vocabulary, options.webAssembly ?? true);
    else if (modelType === ModelType.bpe) this.segmenter = new BpeEncoder(this.vocabulary);
    else throw new InputError({ code: 'unsupported_model', message: `model_type ${modelType} (word/char) is not supported; use a Unigram or BPE model`, location: { file, field: 'trainer_spec.model_type' } });
    const treatWhitespaceAsSuffix = model.trainerSpec?.treatWhitespaceAsSuffix ?? false;
    this.normalizer = new Normalizer(model.normalizerSpec ?? {}, treatWhitespaceAsSuffix, this.vocabulary.userDefinedSymbols, file);
    const denormalizerRules = model.denormalizerSpec?.precompiledCharsmap;
    this.denormalizer = denormalizerRules && denormalizerRules.length > 0 ? new Normalizer(model.denormalizerSpec!, false, undefined, file) : undefined;
    this.name = options.name ?? (options.file ? basename(options.file) : (model.trainerSpec?.modelPrefix ?? 'sentencepiece'));
    this.threads = options.threads ?? 4;
    this.specialIds = this.findSpecialIds();
    this.isUnknown = this.vocabulary.types.map((type) => (type === PieceType.unknown ? 1 : 0));
    const wordCacheSize = options.wordCacheSize ?? defaultWordCacheSize;
    const position = whitespaceMarkerPosition(this.vocabulary, modelType === ModelType.bpe, treatWhitespaceAsSuffix, model.normalizerSpec?.escapeWhitespaces ?? normalizerSpecDefaults.escapeWhitespaces);
    const kernel = this.segmenter instanceof UnigramEncoder ? this.segmenter.webAssemblyKernel : undefined;
    if (kernel) {
      const isUserDefined = this.vocabulary.types.map((type) => (type === PieceType.userDefined ? 1 : 0));
      kernel.enableLines(this.normalizer.tables, { isUnknown: this.isUnknown, isUserDefined, byteIds: this.vocabulary.byteFallback ? this.vocabulary.byteIds : undefined });
      this.lineKernel = kernel;
    }
    // With the kernel, Unigram encodes whole lines without the cache: measured A/B in one process
    // (5 MB benchmark corpus / FLORES dev, CPU time), 1.46x / 1.5x the kernel's word-by-word path
    // with the cache, which even with every word cached was slower than whole lines.
    // Cached pieces pack id · 256 + length into an int32.
    if (!kernel && wordCacheSize > 0 && position && this.vocabulary.size <= largestCachedVocabulary) this.wordSegmenter = new WordSegmenter(this.segmenter, new WordSegmentCache(wordCacheSize), position);
  }

  private findSpecialIds(): SpecialTokenIds {
    const spec = this.model.trainerSpec ?? {};
    const control = (piece: string): number | undefined => {
      const id = this.pieceToId(piece);
      return id !== undefined && this.vocabulary.types[id] === PieceType.control ? id : undefined;
    };
    const ids: SpecialTokenIds = { unknown: this.vocabulary.unknownId };
    const beginOfSequence = control(spec.bosPiece ?? trainerSpecDefaults.bosPiece);
    const endOfSequence = control(spec.eosPiece ?? trainerSpecDefaults.eosPiece);
    const padding = control(spec.padPiece ?? trainerSpecDefaults.padPiece);
    if (beginOfSequence !== undefined) ids.beginOfSequence = beginOfSequence;
    if (endOfSequence !== undefined) ids.endOfSequence = endOfSequence;
    if (padding !== undefined) ids.padding = padding;
    return ids;
  }

  /** The normalised form of `text` as spm_normalize prints it (U+2581 for spaces). */
  normalize(text: string): string {
    return utf8Decoder.decode(this.normalizer.normalize(utf8Encoder.encode(text)));
  }

  encode(text: string): Uint32Array {
    if (this.lineKernel && text.length * 3 <= largestKernelLine) {
      const ids = this.lineKernel.encodeText(text);
      if (ids) return ids;
    }
    // UTF-8 into a reused buffer: at most 3 bytes per UTF-16 unit.
    if (this.textBuffer.length < text.length * 3) this.textBuffer = new Uint8Array(Math.max(text.length * 3, this.textBuffer.length * 2));
    const { written } = utf8Encoder.encodeInto(text, this.textBuffer);
    const normalized = this.segment(this.textBuffer, 0, written);
    this.idCount = 0;
    this.collect(normalized);
    return this.ids.slice(0, this.idCount);
  }

  /** Encodes UTF-8 bytes; malformed bytes are treated as spm does (U+FFFD, one byte each). */
  encodeBytes(bytes: Uint8Array): Uint32Array {
    if (this.lineKernel && bytes.length <= largestKernelLine) {
      const count = this.lineKernel.encodeRange(bytes, 0, bytes.length);
      if (count >= 0) return this.lineKernel.lastIds.slice(0, count);
    }
    const normalized = this.segment(bytes, 0, bytes.length);
    this.idCount = 0;
    this.collect(normalized);
    return this.ids.slice(0, this.idCount);
  }

  /**
   * The pieces of `text` (`▁Hello`, `▁world`) as `spm_encode --output_format=piece` prints them:
   * an unknown piece is the normalised text it covers, a byte-fallback piece is `<0xXX>`.
   */
  encodeToPieces(text: string): string[] {
    const bytes = utf8Encoder.encode(text);
    const normalized = this.segment(bytes, 0, bytes.length);
    const { ids, lengths, count } = this.segmentation;
    const pieces: string[] = [];
    let previousIsUnknown = false;
    for (let index = 0, start = 0; index < count; start += lengths[index]!, index++) {
      const end = start + lengths[index]!;
      const isUnknown = this.isUnknown[ids[index]!] === 1;
      if (isUnknown && this.vocabulary.byteFallback) for (let offset = start; offset < end; offset++) pieces.push(bytePiece(normalized[offset]!));
      else if (isUnknown && previousIsUnknown) pieces[pieces.length - 1] += utf8Decoder.decode(normalized.subarray(start, end));
      else pieces.push(utf8Decoder.decode(normalized.subarray(start, end)));
      previousIsUnknown = isUnknown;
    }
    return pieces;
  }

  /**
   * Normalises `bytes[start, end)` and segments them into {@link segmentation}; returns the
   * normaliser's buffer (the normalised text is its start, valid until the next call).
   */
  private segment(bytes: Uint8Array, start: number, end: number): Uint8Array {
    const length = this.normalizer.normalizeRange(bytes, start, end);
    const normalized = this.normalizer.outputBuffer;
    this.segmentation.count = 0;
    if (length === 0) return normalized;
    if (this.wordSegmenter) this.wordSegmenter.segment(normalized, length, this.segmentation);
    else this.segmenter.segment(normalized, 0, length, this.segmentation);
    return normalized;
  }

  // SentencePieceProcessor::PopulateSentencePieceText: unknown pieces become byte pieces
  // (byte fallback) or merge with a preceding unknown piece.
  private collect(normalized: Uint8Array): void {
    const { ids: pieceIds, lengths, count } = this.segmentation;
    const isUnknown = this.isUnknown;
    this.reserve(count);
    let ids = this.ids;
    let idCount = 0;
    let previousIsUnknown = false;
    for (let index = 0, start = 0; index < count; start += lengths[index]!, index++) {
      const id = pieceIds[index]!;
      if (isUnknown[id] === 0) {
        ids[idCount++] = id;
        previousIsUnknown = false;
      } else if (this.vocabulary.byteFallback) {
        const end = start + lengths[index]!;
        this.idCount = idCount;
        this.reserve(end - start + count - index);
        ids = this.ids;
        for (let offset = start; offset < end; offset++) ids[idCount++] = this.vocabulary.byteIds[normalized[offset]!]!;
        previousIsUnknown = true;
      } else {
        if (!previousIsUnknown) ids[idCount++] = id;
        previousIsUnknown = true;
      }
    }
    this.idCount = idCount;
  }

  private reserve(extra: number): void {
    if (this.idCount + extra <= this.ids.length) return;
    const grown = new Uint32Array(Math.max(this.ids.length * 2, this.idCount + extra));
    grown.set(this.ids.subarray(0, this.idCount));
    this.ids = grown;
  }

  decode(ids: ArrayLike<number>): string {
    const { pieces, types, byteOfId, pieceBytes } = this.vocabulary;
    const normalizerSpec = this.model.normalizerSpec ?? {};
    const addDummyPrefix = normalizerSpec.addDummyPrefix ?? true;
    const removeExtraWhitespaces = normalizerSpec.removeExtraWhitespaces ?? true;
    const unknownSurface = this.model.trainerSpec?.unkSurface ?? trainerSpecDefaults.unkSurface;
    let text = '';
    const bytes: number[] = [];
    let isBeginningWhitespace = true;
    let beginningWhitespaceSeen = false;
    for (let index = 0; index < ids.length; index++) {
      const given = ids[index]!;
      if (!Number.isInteger(given) || given < 0 || given >= pieces.length) {
        throw new InputError({ code: 'invalid_id', message: `id ${given} at position ${index} is outside the vocabulary (0..${pieces.length - 1})` });
      }
      // spm decodes ids through their pieces, so a piece in both tables decodes as the reserved one.
      const id = this.vocabulary.idOfBytes(pieceBytes[given]!, 0, pieceBytes[given]!.length);
      const piece = pieces[given]!;
      if (byteOfId[id]! >= 0) {
        bytes.push(byteOfId[id]!);
        continue;
      }
      text += decodeBytePieces(bytes);
      if (beginningWhitespaceSeen || text.length > 0) isBeginningWhitespace = false;
      const type = types[id]!;
      beginningWhitespaceSeen = false;
      if (type === PieceType.control) continue;
      if (type === PieceType.unknown) {
        text += pieces[id] === piece ? unknownSurface : piece;
        continue;
      }
      let surface = piece;
      if (isBeginningWhitespace && (addDummyPrefix || removeExtraWhitespaces) && surface.startsWith(spaceSymbol)) {
        surface = surface.slice(1);
        beginningWhitespaceSeen = !removeExtraWhitespaces;
      }
      text += surface.replaceAll(spaceSymbol, ' ');
    }
    text += decodeBytePieces(bytes);
    if (this.denormalizer) text = utf8Decoder.decode(this.denormalizer.normalize(utf8Encoder.encode(text)));
    return text;
  }

  idToPiece(id: number): string {
    const piece = this.vocabulary.pieces[id];
    if (piece === undefined) throw new InputError({ code: 'invalid_id', message: `id ${id} is outside the vocabulary (0..${this.vocabularySize - 1})` });
    return piece;
  }

  pieceToId(piece: string): number | undefined {
    const bytes = utf8Encoder.encode(piece);
    const reserved = this.vocabulary.reservedPieces.get(bytes, 0, bytes.length);
    if (reserved >= 0) return reserved;
    const normal = this.vocabulary.normalPieces.get(bytes, 0, bytes.length);
    return normal >= 0 ? normal : undefined;
  }

  /** Encodes many texts, on worker threads when there are enough of them (see `threads`). */
  async encodeBatch(texts: readonly string[]): Promise<Uint32Array[]> {
    const pool = texts.length >= 64 ? this.workerPool() : undefined;
    if (!pool) return texts.map((text) => this.encode(text));
    // A few chunks per worker, so a worker that finishes early takes the next one.
    const chunkCount = Math.min(Math.ceil(texts.length / 32), pool.size * 4);
    const chunkSize = Math.ceil(texts.length / chunkCount);
    const chunks: Promise<PackedIds>[] = [];
    for (let start = 0; start < texts.length; start += chunkSize) chunks.push(pool.encode(packTexts(texts.slice(start, start + chunkSize))));
    return (await Promise.all(chunks)).flatMap(unpackIds);
  }

  /**
   * Encodes a packed chunk of UTF-8 texts (see {@link PackedTexts}) on a worker thread when the
   * tokenizer has workers, else on this one. The chunk's buffers may be transferred: do not reuse them.
   */
  encodePacked(texts: PackedTexts): Promise<PackedIds> {
    const pool = this.workerPool();
    return pool ? pool.encode(texts) : Promise.resolve(this.encodePackedInline(texts));
  }

  /** {@link encodePacked} on the calling thread. */
  encodePackedInline(texts: PackedTexts): PackedIds {
    const { bytes, offsets } = texts;
    const count = offsets.length - 1;
    const idOffsets = new Int32Array(count + 1);
    // Ids go into a reused buffer, then one exact copy: a buffer per chunk sized by a guess costs
    // more (zero-filled, and external memory makes V8 collect garbage sooner).
    let ids = this.packedIds;
    let length = 0;
    const lineKernel = this.lineKernel;
    for (let index = 0; index < count; index++) {
      const start = offsets[index]!;
      const end = offsets[index + 1]!;
      let textIds: Uint32Array = this.ids;
      let idCount = lineKernel && end - start <= largestKernelLine ? lineKernel.encodeRange(bytes, start, end) : -1;
      if (idCount >= 0) textIds = lineKernel!.lastIds;
      else {
        this.idCount = 0;
        this.collect(this.segment(bytes, start, end));
        textIds = this.ids;
        idCount = this.idCount;
      }
      if (length + idCount > ids.length) {
        const grown = new Uint32Array(Math.max(ids.length * 2, length + idCount));
        grown.set(ids.subarray(0, length));
        ids = grown;
        this.packedIds = grown;
      }
      // Element by element: lines have tens of ids, fewer than a subarray and set() cost.
      for (let id = 0; id < idCount; id++) ids[length + id] = textIds[id]!;
      length += idCount;
      idOffsets[index + 1] = length;
    }
    return { ids: ids.slice(0, length), offsets: idOffsets };
  }

  /**
   * Whether encoding reuses per-word segmentations (see `wordCacheSize`): true when the cache is
   * on, the model segments each whitespace-delimited word on its own, and it is BPE or Unigram
   * without WebAssembly.
   */
  get usesWordCache(): boolean {
    return this.wordSegmenter !== undefined;
  }

  /** The number of worker threads encoding for this tokenizer (0 until the first batch needs them). */
  get workerCount(): number {
    return this.pool?.size ?? 0;
  }

  /** Ends the worker threads (a later batch starts them again). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  private workerPool(): EncodeWorkerPool | undefined {
    if (this.pool || this.poolUnavailable || this.threads <= 0) return this.pool;
    this.modelBytes ??= serializeModel(this.model);
    this.pool = EncodeWorkerPool.create(this.modelBytes, this.threads);
    this.poolUnavailable = this.pool === undefined;
    return this.pool;
  }
}

// SentencePieceProcessor::Decode's ProcessBytePieces: valid characters as they are, each
// malformed byte as U+FFFD.
function decodeBytePieces(bytes: number[]): string {
  if (bytes.length === 0) return '';
  const buffer = Uint8Array.from(bytes);
  bytes.length = 0;
  let text = '';
  for (let offset = 0; offset < buffer.length; ) {
    const length = validCharLength(buffer, offset, buffer.length);
    if (length === 0) {
      text += '\uFFFD';
      offset += 1;
    } else {
      text += utf8Decoder.decode(buffer.subarray(offset, offset + length));
      offset += length;
    }
  }
  return text;
}

/**
 * Loads a `.model` file as a tokenizer.
 *
 * @example
 * ```ts
 * import { loadSentencePieceTokenizer } from '@oellm/tokenizer';
 * const tokenizer = await loadSentencePieceTokenizer('eu.model', { threads: 2 });
 * const batches = await tokenizer.encodeBatch(lines);
 * ```
 */
export async function loadSentencePieceTokenizer(path: string, options: SentencePieceTokenizerOptions = {}): Promise<SentencePieceTokenizer> {
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new InputError({ code: 'unreadable_model', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); give the path of a SentencePiece .model`, location: { file: path }, cause: error });
  });
  return new SentencePieceTokenizer(parseModel(bytes, path), { file: path, ...options }, bytes);
}
