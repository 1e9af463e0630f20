import { InputError } from '@oellm/core';

/** Protobuf wire types this reader understands (groups, 3 and 4, are rejected). */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/** One field as it appears on the wire. */
export interface WireField {
  number: number;
  wireType: number;
  /** Offset of the field's tag in the buffer (for error messages). */
  offset: number;
  /** Varint value split in 32-bit halves (varint fields only). */
  low: number;
  high: number;
  /** Payload bounds (length-delimited, fixed32 and fixed64 fields); `end` is also the field's end for varints. */
  start: number;
  end: number;
}

/**
 * Walks the fields of one protobuf message in `bytes[start, end)`, checking every length
 * against the bounds so a truncated or foreign file fails with its byte offset instead of
 * reading garbage or allocating by an unchecked size.
 */
export class ProtobufReader {
  private position: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly file: string,
  ) {
    this.position = start;
  }

  /** The next field, or undefined at the end of the message. */
  next(): WireField | undefined {
    if (this.position >= this.end) return undefined;
    const offset = this.position;
    const tag = this.readVarint();
    const number = tag.high === 0 ? tag.low >>> 3 : -1;
    const wireType = tag.low & 7;
    if (number <= 0 || number > 536_870_911) this.fail(offset, `invalid field number in tag`);
    const field: WireField = { number, wireType, offset, low: 0, high: 0, start: 0, end: 0 };
    switch (wireType) {
      case WireType.varint: {
        const value = this.readVarint();
        field.low = value.low;
        field.high = value.high;
        field.end = this.position;
        break;
      }
      case WireType.fixed64:
        field.start = this.position;
        field.end = this.skip(8, offset);
        break;
      case WireType.fixed32:
        field.start = this.position;
        field.end = this.skip(4, offset);
        break;
      case WireType.lengthDelimited: {
        const length = this.readVarint();
        if (length.high !== 0 || length.low > this.end - this.position) {
          this.fail(offset, `field ${number} claims ${length.high !== 0 ? 'more than 4 GiB' : `${length.low} bytes`} but only ${this.end - this.position} remain (truncated or not a SentencePiece model)`);
        }
        field.start = this.position;
        field.end = this.skip(length.low, offset);
        break;
      }
      default:
        this.fail(offset, `unsupported protobuf wire type ${wireType} for field ${number}`);
    }
    return field;
  }

  private skip(length: number, fieldOffset: number): number {
    if (length > this.end - this.position) this.fail(fieldOffset, `field runs past the end of its message (truncated file?)`);
    this.position += length;
    return this.position;
  }

  private readVarint(): { low: number; high: number } {
    let low = 0;
    let high = 0;
    const start = this.position;
    for (let index = 0; index < 10; index++) {
      if (this.position >= this.end) this.fail(start, 'varint runs past the end of its message (truncated file?)');
      const byte = this.bytes[this.position++]!;
      if (index < 4) low |= (byte & 0x7f) << (7 * index);
      else if (index === 4) {
        low |= (byte & 0x0f) << 28;
        high |= (byte & 0x7f) >>> 4;
      } else high |= (byte & 0x7f) << (7 * index - 32);
      if ((byte & 0x80) === 0) return { low: low >>> 0, high: high >>> 0 };
    }
    return this.fail(start, 'varint longer than 10 bytes');
  }

  private fail(offset: number, message: string): never {
    throw new InputError({ code: 'invalid_model', message: `${message}; check that the file is a complete SentencePiece .model`, location: { file: this.file, offset } });
  }
}
