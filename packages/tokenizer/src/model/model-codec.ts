import { InputError } from '@oellm/core';
import { ProtobufReader, WireType, type WireField } from '../protobuf/protobuf-reader.js';
import { ProtobufWriter } from '../protobuf/protobuf-writer.js';
import type { FieldDescriptor, MessageDescriptor } from './model-schema.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const expectedWireType: Record<FieldDescriptor['kind'], number> = {
  string: WireType.lengthDelimited,
  bytes: WireType.lengthDelimited,
  message: WireType.lengthDelimited,
  float: WireType.fixed32,
  int32: WireType.varint,
  uint64: WireType.varint,
  bool: WireType.varint,
};

/** Decodes one message of `descriptor` from `bytes[start, end)`; unknown fields are kept verbatim. */
export function decodeMessage(bytes: Uint8Array, start: number, end: number, descriptor: MessageDescriptor, file: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const reader = new ProtobufReader(bytes, start, end, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let field = reader.next(); field !== undefined; field = reader.next()) {
    const descriptorOfField = descriptor.find((candidate) => candidate.number === field!.number);
    if (!descriptorOfField) {
      const unknown = (result.unknownFields ??= []) as Uint8Array[];
      unknown.push(bytes.slice(field.offset, field.end));
      continue;
    }
    if (field.wireType !== expectedWireType[descriptorOfField.kind]) {
      throw new InputError({
        code: 'invalid_model',
        message: `field ${descriptorOfField.name} (${field.number}) has wire type ${field.wireType}, expected ${expectedWireType[descriptorOfField.kind]}; the file is not a SentencePiece .model`,
        location: { file, offset: field.offset },
      });
    }
    const value = decodeValue(bytes, view, field, descriptorOfField, file);
    if (descriptorOfField.repeated) ((result[descriptorOfField.name] ??= []) as unknown[]).push(value);
    else result[descriptorOfField.name] = value;
  }
  return result;
}

function decodeValue(bytes: Uint8Array, view: DataView, field: WireField, descriptor: FieldDescriptor, file: string): unknown {
  switch (descriptor.kind) {
    case 'string':
      try {
        return utf8.decode(bytes.subarray(field.start, field.end));
      } catch (error) {
        throw new InputError({ code: 'invalid_model', message: `field ${descriptor.name} is not valid UTF-8`, location: { file, offset: field.offset }, cause: error });
      }
    case 'bytes':
      return bytes.slice(field.start, field.end);
    case 'message':
      return decodeMessage(bytes, field.start, field.end, descriptor.message!, file);
    case 'float':
      return view.getFloat32(field.start, true);
    case 'int32':
      return field.low | 0;
    case 'bool':
      return field.low !== 0 || field.high !== 0;
    case 'uint64': {
      const value = field.high * 2 ** 32 + field.low;
      if (!Number.isSafeInteger(value)) throw new InputError({ code: 'invalid_model', message: `field ${descriptor.name} exceeds 2^53`, location: { file, offset: field.offset } });
      return value;
    }
  }
}

/** Encodes `message` by `descriptor`, fields in number order, unknown fields last (as protobuf's C++ runtime). */
export function encodeMessage(writer: ProtobufWriter, message: Record<string, unknown>, descriptor: MessageDescriptor): void {
  for (const field of descriptor) {
    const value = message[field.name];
    if (value === undefined) continue;
    const values = field.repeated ? (value as unknown[]) : [value];
    for (const item of values) encodeValue(writer, field, item);
  }
  for (const raw of (message.unknownFields as Uint8Array[] | undefined) ?? []) writer.raw(raw);
}

function encodeValue(writer: ProtobufWriter, field: FieldDescriptor, value: unknown): void {
  switch (field.kind) {
    case 'string':
      return writer.string(field.number, value as string);
    case 'bytes':
      return writer.bytes(field.number, value as Uint8Array);
    case 'float':
      return writer.float(field.number, value as number);
    case 'int32':
      return writer.int32(field.number, value as number);
    case 'uint64':
      return writer.uint64(field.number, value as number);
    case 'bool':
      return writer.bool(field.number, value as boolean);
    case 'message':
      return writer.message(field.number, (nested) => encodeMessage(nested, value as Record<string, unknown>, field.message!));
  }
}
