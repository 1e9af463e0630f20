import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import { InputError, type SpecialTokenIds, type TokenizerV1 } from '@oellm/core';
import { parseModel, serializeModel } from '../model/model-file.js';
import { ModelType, PieceType, trainerSpecDefaults, type ModelProto } from '../model/model-proto.js';
import { Normalizer } from '../normalizer/normalizer.js';
import { utf8Decoder, utf8Encoder, validCharLength } from '../normalizer/utf8.js';
import { BpeEncoder } from './bpe-encoder.js';
import { encodeOnWorkers } from './encode-on-workers.js';
import type { SegmentEncoder } from './segment-encoder.js';
import { UnigramEncoder } from './unigram-encoder.js';
import { bytePiece, Vocabulary } from './vocabulary.js';

/** Options of {@link SentencePieceTokenizer}. */
export interface SentencePieceTokenizerOptions {
  /** Name reported as `tokenizer.name` (default: the file name, or the model prefix). */
  name?: string;
  /** Worker threads for `encodeBatch` (default: up to 4; 0 encodes on the calling thread). */
  threads?: number;
  /** File name used in error messages. */
  file?: string;
}

const spaceSymbol = '\u2581';

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
  private readonly threads: number;
  private modelBytes: Uint8Array | undefined;
  private ids = new Uint32Array(256);
  private idCount = 0;
  private previousIsUnknown = false;
  private readonly sink = (start: number, end: number, id: number): void => this.collect(start, end, id);
  private currentNormalized: Uint8Array = new Uint8Array(0);
  /** Set while encodeToPieces collects piece strings. */
  private pieces: string[] | undefined;

  constructor(model: ModelProto, options: SentencePieceTokenizerOptions = {}, modelBytes?: Uint8Array) {
    const file = options.file ?? '<model>';
    this.model = model;
    this.modelBytes = modelBytes;
    this.vocabulary = new Vocabulary(model, file);
    this.vocabularySize = this.vocabulary.size;
    const modelType = model.trainerSpec?.modelType ?? trainerSpecDefaults.modelType;
    if (modelType === ModelType.unigram) this.segmenter = new UnigramEncoder(this.vocabulary);
    else if (modelType === ModelType.bpe) this.segmenter = new BpeEncoder(this.vocabulary);
    else throw new InputError({ code: 'unsupported_model', message: `model_type ${modelType} (word/char) is not supported; use a Unigram or BPE model`, location: { file, field: 'trainer_spec.model_type' } });
    const treatWhitespaceAsSuffix = model.trainerSpec?.treatWhitespaceAsSuffix ?? false;
    this.normalizer = new Normalizer(model.normalizerSpec ?? {}, treatWhitespaceAsSuffix, this.vocabulary.userDefinedSymbols, file);
    const denormalizerRules = model.denormalizerSpec?.precompiledCharsmap;
    this.denormalizer = denormalizerRules && denormalizerRules.length > 0 ? new Normalizer(model.denormalizerSpec!, false, undefined, file) : undefined;
    this.name = options.name ?? (options.file ? basename(options.file) : (model.trainerSpec?.modelPrefix ?? 'sentencepiece'));
    this.threads = options.threads ?? 4;
    this.specialIds = this.findSpecialIds();
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
    return this.encodeBytes(utf8Encoder.encode(text));
  }

  /** Encodes UTF-8 bytes; malformed bytes are treated as spm does (U+FFFD, one byte each). */
  encodeBytes(bytes: Uint8Array): Uint32Array {
    const normalized = this.normalizer.normalize(bytes);
    this.idCount = 0;
    this.previousIsUnknown = false;
    this.currentNormalized = normalized;
    this.segmenter.encode(normalized, this.sink);
    return this.ids.slice(0, this.idCount);
  }

  /**
   * The pieces of `text` (`▁Hello`, `▁world`) as `spm_encode --output_format=piece` prints them:
   * an unknown piece is the normalised text it covers, a byte-fallback piece is `<0xXX>`.
   */
  encodeToPieces(text: string): string[] {
    this.pieces = [];
    try {
      this.encode(text);
      return this.pieces;
    } finally {
      this.pieces = undefined;
    }
  }

  // SentencePieceProcessor::PopulateSentencePieceText: unknown pieces become byte pieces
  // (byte fallback) or merge with a preceding unknown piece.
  private collect(start: number, end: number, id: number): void {
    const isUnknown = this.vocabulary.types[id] === PieceType.unknown;
    const pieces = this.pieces;
    if (isUnknown && this.vocabulary.byteFallback) {
      this.reserve(end - start);
      for (let index = start; index < end; index++) {
        const byte = this.currentNormalized[index]!;
        this.ids[this.idCount++] = this.vocabulary.byteIds[byte]!;
        pieces?.push(bytePiece(byte));
      }
    } else if (isUnknown && this.previousIsUnknown) {
      if (pieces) pieces[pieces.length - 1] += utf8Decoder.decode(this.currentNormalized.subarray(start, end));
    } else {
      this.reserve(1);
      this.ids[this.idCount++] = id;
      pieces?.push(utf8Decoder.decode(this.currentNormalized.subarray(start, end)));
    }
    this.previousIsUnknown = isUnknown;
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
    if (this.threads > 0 && texts.length >= 64) {
      this.modelBytes ??= serializeModel(this.model);
      const encoded = await encodeOnWorkers(this.modelBytes, texts, this.threads);
      if (encoded) return encoded;
    }
    return texts.map((text) => this.encode(text));
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
