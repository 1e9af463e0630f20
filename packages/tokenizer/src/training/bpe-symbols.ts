import { utf8Encoder } from '../normalizer/utf8.js';

function grownInt32(array: Int32Array, minimumLength: number): Int32Array {
  if (array.length >= minimumLength) return array;
  const grown = new Int32Array(Math.max(minimumLength, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * The symbols of a BPE training run: single characters first, then one per merge. Each keeps
 * its code points (to check validity and build the pieces) and its UTF-8 bytes (for the
 * bytewise tie-break and to find a string made before) in pools of typed arrays, and an index
 * finds a merged symbol by its string. A merge allocates no JS objects: the merge loop's
 * garbage and survivors are what made the young generation grow to its maximum.
 */
export class BpeSymbols {
  characterLength: Int32Array = new Int32Array(1024);
  private codePointStart: Int32Array = new Int32Array(1024);
  private codePoints: Int32Array = new Int32Array(1 << 16);
  private codePointsUsed = 0;
  private byteStart: Int32Array = new Int32Array(1024);
  private byteLength: Int32Array = new Int32Array(1024);
  private bytes: Uint8Array = new Uint8Array(1 << 16);
  private bytesUsed = 0;
  private count = 0;
  private readonly characterSymbols = new Map<number, number>();
  /** Merged symbols by their bytes: symbol + 1 per slot (0: empty), at most half full. */
  private mergedSlots: Int32Array = new Int32Array(1024);
  private mergedCount = 0;

  get size(): number {
    return this.count;
  }

  /** The symbol of one character (created on first use). */
  ofCharacter(codePoint: number): number {
    let symbol = this.characterSymbols.get(codePoint);
    if (symbol === undefined) {
      symbol = this.newSymbol(1);
      this.codePoints[this.codePointStart[symbol]!] = codePoint;
      const encoded = utf8Encoder.encode(String.fromCodePoint(codePoint));
      this.reserveBytes(encoded.length);
      this.bytes.set(encoded, this.bytesUsed);
      this.byteStart[symbol] = this.bytesUsed;
      this.byteLength[symbol] = encoded.length;
      this.bytesUsed += encoded.length;
      this.characterSymbols.set(codePoint, symbol);
    }
    return symbol;
  }

  /** The merged symbol whose string is left + right, or -1 when no merge made that string. */
  findConcatenation(left: number, right: number): number {
    const mask = this.mergedSlots.length - 1;
    for (let slot = this.hashConcatenation(left, right) & mask; ; slot = (slot + 1) & mask) {
      const symbol = this.mergedSlots[slot]! - 1;
      if (symbol < 0) return -1;
      if (this.equalsConcatenation(symbol, left, right)) return symbol;
    }
  }

  /** A new symbol for the string left + right (a merge; the caller checked it is new with {@link findConcatenation}). */
  addConcatenation(left: number, right: number): number {
    const leftLength = this.characterLength[left]!;
    const rightLength = this.characterLength[right]!;
    const symbol = this.newSymbol(leftLength + rightLength);
    const start = this.codePointStart[symbol]!;
    this.codePoints.copyWithin(start, this.codePointStart[left]!, this.codePointStart[left]! + leftLength);
    this.codePoints.copyWithin(start + leftLength, this.codePointStart[right]!, this.codePointStart[right]! + rightLength);
    const leftBytes = this.byteLength[left]!;
    const rightBytes = this.byteLength[right]!;
    this.reserveBytes(leftBytes + rightBytes);
    this.bytes.copyWithin(this.bytesUsed, this.byteStart[left]!, this.byteStart[left]! + leftBytes);
    this.bytes.copyWithin(this.bytesUsed + leftBytes, this.byteStart[right]!, this.byteStart[right]! + rightBytes);
    this.byteStart[symbol] = this.bytesUsed;
    this.byteLength[symbol] = leftBytes + rightBytes;
    this.bytesUsed += leftBytes + rightBytes;
    if (++this.mergedCount * 2 > this.mergedSlots.length) this.rehashMerged(this.mergedSlots.length * 2);
    else this.insertMerged(symbol, this.mergedSlots);
    return symbol;
  }

  /** Writes the code points of `symbol` into `target` from `offset`. */
  copyCodePoints(symbol: number, target: number[], offset: number): void {
    const start = this.codePointStart[symbol]!;
    const length = this.characterLength[symbol]!;
    for (let index = 0; index < length; index++) target[offset + index] = this.codePoints[start + index]!;
  }

  /** The symbol's string. */
  text(symbol: number): string {
    const start = this.codePointStart[symbol]!;
    return String.fromCodePoint(...this.codePoints.subarray(start, start + this.characterLength[symbol]!));
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

  private newSymbol(characters: number): number {
    const symbol = this.count++;
    if (symbol >= this.characterLength.length) {
      this.characterLength = grownInt32(this.characterLength, symbol + 1);
      this.codePointStart = grownInt32(this.codePointStart, symbol + 1);
      this.byteStart = grownInt32(this.byteStart, symbol + 1);
      this.byteLength = grownInt32(this.byteLength, symbol + 1);
    }
    this.codePoints = grownInt32(this.codePoints, this.codePointsUsed + characters);
    this.characterLength[symbol] = characters;
    this.codePointStart[symbol] = this.codePointsUsed;
    this.codePointsUsed += characters;
    return symbol;
  }

  private reserveBytes(length: number): void {
    if (this.bytesUsed + length <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.bytesUsed + length));
    grown.set(this.bytes);
    this.bytes = grown;
  }

  // FNV-1a over the bytes of left, then right (equal to the hash of the merged symbol's bytes).
  private hashConcatenation(left: number, right: number): number {
    let hash = 0x811c9dc5;
    for (let index = this.byteStart[left]!, end = index + this.byteLength[left]!; index < end; index++) hash = Math.imul(hash ^ this.bytes[index]!, 0x01000193);
    for (let index = this.byteStart[right]!, end = index + this.byteLength[right]!; index < end; index++) hash = Math.imul(hash ^ this.bytes[index]!, 0x01000193);
    return hash >>> 0;
  }

  private equalsConcatenation(symbol: number, left: number, right: number): boolean {
    const leftLength = this.byteLength[left]!;
    if (this.byteLength[symbol] !== leftLength + this.byteLength[right]!) return false;
    const start = this.byteStart[symbol]!;
    const bytes = this.bytes;
    for (let index = 0, leftStart = this.byteStart[left]!; index < leftLength; index++) if (bytes[start + index] !== bytes[leftStart + index]) return false;
    for (let index = 0, rightStart = this.byteStart[right]!, rightLength = this.byteLength[right]!; index < rightLength; index++) if (bytes[start + leftLength + index] !== bytes[rightStart + index]) return false;
    return true;
  }

  private insertMerged(symbol: number, slots: Int32Array): void {
    const mask = slots.length - 1;
    let hash = 0x811c9dc5;
    for (let index = this.byteStart[symbol]!, end = index + this.byteLength[symbol]!; index < end; index++) hash = Math.imul(hash ^ this.bytes[index]!, 0x01000193);
    let slot = (hash >>> 0) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = symbol + 1;
  }

  private rehashMerged(capacity: number): void {
    const slots = new Int32Array(capacity);
    for (let symbol = 0; symbol < this.count; symbol++) if (this.characterLength[symbol]! > 1) this.insertMerged(symbol, slots);
    this.mergedSlots = slots;
  }
}
