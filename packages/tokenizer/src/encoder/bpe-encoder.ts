import { PieceType } from '../model/model-proto.js';
import type { PieceSink, SegmentEncoder } from './segment-encoder.js';
import { oneCharLength } from '../normalizer/utf8.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * BPE exactly as sentencepiece's bpe::Model::Encode: start from characters (user-defined
 * symbols frozen whole), repeatedly merge the adjacent pair whose joined piece has the highest
 * score (ties: leftmost), then split UNUSED pieces back into the pair that made them.
 */
export class BpeEncoder implements SegmentEncoder {
  // Symbols: byte ranges of the normalised text, in a doubly linked list.
  private symbolStart = new Int32Array(256);
  private symbolLength = new Int32Array(256);
  private previous = new Int32Array(256);
  private next = new Int32Array(256);
  private frozen = new Uint8Array(256);
  // Candidate merges (a max-heap by score, then by smallest left index).
  private pairLeft = new Int32Array(256);
  private pairRight = new Int32Array(256);
  private pairScore = new Float32Array(256);
  private pairSize = new Int32Array(256);
  private heap = new Int32Array(256);
  private heapSize = 0;
  private pairCount = 0;
  /** Id of an UNUSED piece → the two byte ranges it was merged from (for resegmentation). */
  private reverseMerges = new Map<number, [number, number, number, number]>();

  constructor(private readonly vocabulary: Vocabulary) {}

  encode(normalized: Uint8Array, sink: PieceSink): void {
    const size = normalized.length;
    if (size === 0) return;
    this.ensureSymbols(size);
    this.heapSize = 0;
    this.pairCount = 0;
    this.reverseMerges.clear();
    const userDefined = this.vocabulary.userDefinedSymbols;

    let count = 0;
    for (let position = 0; position < size; count++) {
      const matched = userDefined ? userDefined.longestPrefix(normalized, position, size) : 0;
      const length = matched > 0 ? matched : Math.min(size - position, oneCharLength(normalized[position]!));
      this.symbolStart[count] = position;
      this.symbolLength[count] = length;
      this.frozen[count] = matched > 0 ? 1 : 0;
      this.previous[count] = count - 1;
      position += length;
      this.next[count] = position >= size ? -1 : count + 1;
    }
    for (let index = 1; index < count; index++) this.addPair(normalized, index - 1, index);

    while (this.heapSize > 0) {
      const top = this.pop();
      const left = this.pairLeft[top]!;
      const right = this.pairRight[top]!;
      const leftLength = this.symbolLength[left]!;
      const rightLength = this.symbolLength[right]!;
      // The pair is stale if either side was merged away or changed since it was queued.
      if (leftLength === 0 || rightLength === 0 || leftLength + rightLength !== this.pairSize[top]) continue;
      this.symbolLength[left] = leftLength + rightLength;
      this.next[left] = this.next[right]!;
      if (this.next[right]! >= 0) this.previous[this.next[right]!] = left;
      this.symbolLength[right] = 0;
      this.addPair(normalized, this.previous[left]!, left);
      this.addPair(normalized, left, this.next[left]!);
    }

    for (let index = 0; index !== -1; index = this.next[index]!) {
      const start = this.symbolStart[index]!;
      this.resegment(normalized, start, start + this.symbolLength[index]!, sink);
    }
  }

  private resegment(normalized: Uint8Array, start: number, end: number, sink: PieceSink): void {
    const id = this.vocabulary.idOfBytes(normalized, start, end);
    if (this.vocabulary.types[id] !== PieceType.unused) return sink(start, end, id);
    const parts = this.reverseMerges.get(id);
    if (!parts) return sink(start, end, id);
    this.resegment(normalized, parts[0], parts[1], sink);
    this.resegment(normalized, parts[2], parts[3], sink);
  }

  private addPair(normalized: Uint8Array, left: number, right: number): void {
    if (left === -1 || right === -1 || this.frozen[left] || this.frozen[right]) return;
    const start = this.symbolStart[left]!;
    const leftEnd = start + this.symbolLength[left]!;
    const end = leftEnd + this.symbolLength[right]!;
    const id = this.vocabulary.normalPieces.get(normalized, start, end);
    if (id < 0) return;
    const pair = this.pairCount++;
    if (pair >= this.pairLeft.length) this.growPairs();
    this.pairLeft[pair] = left;
    this.pairRight[pair] = right;
    this.pairScore[pair] = this.vocabulary.scores[id]!;
    this.pairSize[pair] = end - start;
    this.push(pair);
    if (this.vocabulary.types[id] === PieceType.unused) this.reverseMerges.set(id, [start, leftEnd, leftEnd, end]);
  }

  /** True if pair `a` comes out of the queue before pair `b`. */
  private before(a: number, b: number): boolean {
    const scoreA = this.pairScore[a]!;
    const scoreB = this.pairScore[b]!;
    return scoreA > scoreB || (scoreA === scoreB && this.pairLeft[a]! < this.pairLeft[b]!);
  }

  private push(pair: number): void {
    if (this.heapSize >= this.heap.length) {
      const grown = new Int32Array(this.heap.length * 2);
      grown.set(this.heap);
      this.heap = grown;
    }
    const heap = this.heap;
    let index = this.heapSize++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(pair, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = pair;
  }

  private pop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.heapSize]!;
    let index = 0;
    const size = this.heapSize;
    while (true) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && this.before(heap[child + 1]!, heap[child]!)) child++;
      if (!this.before(heap[child]!, last)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    if (size > 0) heap[index] = last;
    return top;
  }

  private ensureSymbols(size: number): void {
    if (this.symbolStart.length >= size) return;
    this.symbolStart = new Int32Array(size);
    this.symbolLength = new Int32Array(size);
    this.previous = new Int32Array(size);
    this.next = new Int32Array(size);
    this.frozen = new Uint8Array(size);
  }

  private growPairs(): void {
    const capacity = this.pairLeft.length * 2;
    const grow = <T extends Int32Array | Float32Array>(array: T, make: (length: number) => T): T => {
      const grown = make(capacity);
      grown.set(array);
      return grown;
    };
    this.pairLeft = grow(this.pairLeft, (length) => new Int32Array(length));
    this.pairRight = grow(this.pairRight, (length) => new Int32Array(length));
    this.pairScore = grow(this.pairScore, (length) => new Float32Array(length));
    this.pairSize = grow(this.pairSize, (length) => new Int32Array(length));
  }
}

