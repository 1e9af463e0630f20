import { utf8Encoder } from '../normalizer/utf8.js';

/**
 * The symbols of a BPE training run: single characters first, then one per merge. Each keeps
 * its code points (to build pieces and check validity), its length in characters and its UTF-8
 * bytes in one pool (for the bytewise tie-break between equally frequent pairs).
 */
export class BpeSymbols {
  readonly characters: number[][] = [];
  characterLength: Int32Array = new Int32Array(1024);
  private byteStart: Int32Array = new Int32Array(1024);
  private byteLength: Int32Array = new Int32Array(1024);
  private bytes: Uint8Array = new Uint8Array(1 << 16);
  private bytesUsed = 0;
  private readonly characterSymbols = new Map<number, number>();

  get size(): number {
    return this.characters.length;
  }

  /** The symbol of one character (created on first use). */
  ofCharacter(codepoint: number): number {
    let symbol = this.characterSymbols.get(codepoint);
    if (symbol === undefined) {
      symbol = this.add([codepoint]);
      this.characterSymbols.set(codepoint, symbol);
    }
    return symbol;
  }

  /** A new symbol for `characters` (merges always make new strings: repeats are refused before). */
  add(characters: number[]): number {
    const symbol = this.characters.length;
    this.characters.push(characters);
    if (symbol >= this.characterLength.length) {
      for (const name of ['characterLength', 'byteStart', 'byteLength'] as const) {
        const grown = new Int32Array(this[name].length * 2);
        grown.set(this[name]);
        this[name] = grown;
      }
    }
    const encoded = utf8Encoder.encode(String.fromCodePoint(...characters));
    if (this.bytesUsed + encoded.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.bytesUsed + encoded.length));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(encoded, this.bytesUsed);
    this.characterLength[symbol] = characters.length;
    this.byteStart[symbol] = this.bytesUsed;
    this.byteLength[symbol] = encoded.length;
    this.bytesUsed += encoded.length;
    return symbol;
  }

  /** Bytewise comparison of the concatenations left1+right1 and left2+right2 (negative: first is smaller). */
  compareConcatenations(left1: number, right1: number, left2: number, right2: number): number {
    const bytes = this.bytes;
    const leftLength1 = this.byteLength[left1]!;
    const length1 = leftLength1 + this.byteLength[right1]!;
    const leftLength2 = this.byteLength[left2]!;
    const length2 = leftLength2 + this.byteLength[right2]!;
    const leftStart1 = this.byteStart[left1]!;
    const rightStart1 = this.byteStart[right1]! - leftLength1;
    const leftStart2 = this.byteStart[left2]!;
    const rightStart2 = this.byteStart[right2]! - leftLength2;
    const common = Math.min(length1, length2);
    for (let index = 0; index < common; index++) {
      const byte1 = bytes[index < leftLength1 ? leftStart1 + index : rightStart1 + index]!;
      const byte2 = bytes[index < leftLength2 ? leftStart2 + index : rightStart2 + index]!;
      if (byte1 !== byte2) return byte1 - byte2;
    }
    return length1 - length2;
  }
}
