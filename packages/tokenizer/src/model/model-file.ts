import { readFile } from 'node:fs/promises';
import { InputError, writeFileAtomic } from '@oellm/core';
import { ProtobufWriter } from '../protobuf/protobuf-writer.js';
import { decodeMessage, encodeMessage } from './model-codec.js';
import type { ModelProto } from './model-proto.js';
import { modelProtoDescriptor } from './model-schema.js';

/**
 * Parses a SentencePiece `.model` (a serialised ModelProto). Every length is checked against
 * the buffer; a truncated or foreign file throws InputError with the byte offset.
 *
 * @example
 * ```ts
 * import { parseModel } from '@oellm/tokenizer';
 * const model = parseModel(await readFile('eu.model'), 'eu.model');
 * console.log(model.pieces.length, model.trainerSpec?.modelType);
 * ```
 */
export function parseModel(bytes: Uint8Array, file = '<model>'): ModelProto {
  const message = decodeMessage(bytes, 0, bytes.length, modelProtoDescriptor, file) as unknown as ModelProto;
  message.pieces ??= [];
  if (message.pieces.length === 0) {
    throw new InputError({ code: 'invalid_model', message: 'has no vocabulary pieces; it is not a SentencePiece .model (or is empty)', location: { file, offset: 0 } });
  }
  // A cut at a field boundary still parses; spm always writes both specs after the pieces,
  // so their absence means the file was truncated (or was not written by SentencePiece).
  for (const [field, name] of [['trainerSpec', 'trainer_spec'], ['normalizerSpec', 'normalizer_spec']] as const) {
    if (message[field] === undefined) {
      throw new InputError({ code: 'invalid_model', message: `ends after ${message.pieces.length} pieces without its ${name}; the file is truncated or not a SentencePiece .model`, location: { file, offset: bytes.length } });
    }
  }
  return message;
}

/**
 * Serialises a ModelProto the way protobuf's C++ runtime does (fields in number order), so a
 * model read from spm_train's output re-serialises to the same bytes.
 *
 * @example
 * ```ts
 * import { parseModel, serializeModel } from '@oellm/tokenizer';
 * const bytes = serializeModel(parseModel(original));
 * ```
 */
export function serializeModel(model: ModelProto): Uint8Array {
  const writer = new ProtobufWriter();
  encodeMessage(writer, model as unknown as Record<string, unknown>, modelProtoDescriptor);
  return writer.finish();
}

/**
 * Reads and parses a `.model` file.
 *
 * @example
 * ```ts
 * import { readModelFile } from '@oellm/tokenizer';
 * const model = await readModelFile('eu.model');
 * ```
 */
export async function readModelFile(path: string): Promise<ModelProto> {
  return parseModel(await readFile(path), path);
}

/**
 * Writes a `.model` file atomically (temporary name, then rename).
 *
 * @example
 * ```ts
 * import { writeModelFile } from '@oellm/tokenizer';
 * await writeModelFile('out/eu.model', model);
 * ```
 */
export async function writeModelFile(path: string, model: ModelProto): Promise<void> {
  await writeFileAtomic(path, serializeModel(model));
}
