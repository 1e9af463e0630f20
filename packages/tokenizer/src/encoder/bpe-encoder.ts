import { PieceType } from '../model/model-proto.js';
import { oneCharLength } from '../normalizer/utf8.js';
import { PieceDoubleArray } from './piece-double-array.js';
import type { Segmentation, SegmentEncoder } from './segment-encoder.js';
import type { Vocabulary } from './vocabulary.js';

/** Texts of up to this many symbols merge by scanning; longer ones use a heap (n log n). */
const scanLimit = 48;

/**
 * BPE exactly as sentencepiece's bpe::Model::Encode: start from characters (user-defined
 * symbols frozen whole), repeatedly merge the adjacent pair whose joined piece has the highest
 * score (ties: leftmost), then split UNUSED pieces back into the pair that made them.
 *
 * Each symbol remembers its node in the piece trie, so a pair is looked up by walking only the
 * right symbol's bytes from the left symbol's node.
 */
export class BpeEncoder implements SegmentEncoder {
  /** Normal, user-defined and unused pieces: spm's `pieces_`, where pairs are looked up. */
  private readonly pieces: PieceDoubleArray;
  /** The id spm reports for each piece of the normal table (a reserved piece with the same text wins, as in PieceToId). */
  private readonly reportedId: Int32Array;
  private readonly hasUnused: boolean;
  // Symbols: byte ranges of the normalised text, in a doubly linked list, with their trie node
  // (-1 if the bytes are no prefix of a piece) and piece id (-1 if they are no piece).
  private symbolStart = new Int32Array(256);
  private symbolLength = new Int32Array(256);
  private symbolNode = new Int32Array(256);
  private symbolId = new Int32Array(256);
  private previous = new Int32Array(256);
  private next = new Int32Array(256);
  private frozen = new Uint8Array(256);
  // Words of up to `scanLimit` symbols: the pair each symbol forms with its right neighbour
  // (trie node, or -1 if it is no piece) and its score; the best pair is found by a scan.
  private rightPairNode = new Int32Array(256);
  private rightPairScore = new Float32Array(256);
  // Longer texts: candidate merges in a max-heap by score, then by smallest left index.
  private pairLeft = new Int32Array(256);
  private pairRight = new Int32Array(256);
  private pairScore = new Float32Array(256);
  private pairSize = new Int32Array(256);
  private pairNode = new Int32Array(256);
  private heap = new Int32Array(256);
  private heapSize = 0;
  private pairCount = 0;
  /** Id of an UNUSED piece → the two byte ranges it was merged from (for resegmentation). */
  private reverseMerges = new Map<number, [number, number, number, number]>();

  constructor(private readonly vocabulary: Vocabulary) {
    const entries: [Uint8Array, number][] = [];
    this.reportedId = new Int32Array(vocabulary.size).fill(-1);
    let hasUnused = false;
    for (let id = 0; id < vocabulary.size; id++) {
      const type = vocabulary.types[id]!;
      if (type !== PieceType.normal && type !== PieceType.userDefined && type !== PieceType.unused) continue;
      const bytes = vocabulary.pieceBytes[id]!;
      entries.push([bytes, id]);
      const reserved = vocabulary.reservedPieces.get(bytes, 0, bytes.length);
      this.reportedId[id] = reserved >= 0 ? reserved : id;
      if (type === PieceType.unused) hasUnused = true;
    }
    this.pieces = new PieceDoubleArray(entries);
    this.hasUnused = hasUnused;
    // Each node's payload: the score of the piece ending there.
    const { units, payloads } = this.pieces;
    for (let node = 0; node * 4 < units.length; node++) {
      const id = units[node * 4 + 2]!;
      if (id >= 0) payloads[node * 4 + 3] = vocabulary.scores[id]!;
    }
  }

  segment(normalized: Uint8Array, start: number, end: number, out: Segmentation): void {
    const size = end - start;
    if (size <= 0) return;
    this.ensureSymbols(size);
    this.heapSize = 0;
    this.pairCount = 0;
    if (this.hasUnused) this.reverseMerges.clear();
    const userDefined = this.vocabulary.userDefinedSymbols;
    const units = this.pieces.units;

    let count = 0;
    for (let position = start; position < end; count++) {
      const matched = userDefined ? userDefined.longestPrefix(normalized, position, end) : 0;
      const length = matched > 0 ? matched : Math.min(end - position, oneCharLength(normalized[position]!));
      let node = 0;
      for (let index = position; index < position + length && node >= 0; index++) {
        const child = units[node * 4]! + normalized[index]!;
        node = units[child * 4 + 1] === node ? child : -1;
      }
      this.symbolStart[count] = position;
      this.symbolLength[count] = length;
      this.symbolNode[count] = node;
      this.symbolId[count] = node >= 0 ? units[node * 4 + 2]! : -1;
      this.frozen[count] = matched > 0 ? 1 : 0;
      this.previous[count] = count - 1;
      position += length;
      this.next[count] = position >= end ? -1 : count + 1;
    }
    if (count <= scanLimit) this.mergeByScan(normalized, count);
    else this.mergeByHeap(normalized, count);

    const types = this.vocabulary.types;
    for (let index = 0; index !== -1; index = this.next[index]!) {
      const symbolStart = this.symbolStart[index]!;
      const length = this.symbolLength[index]!;
      const id = this.symbolId[index]!;
      if (id >= 0 && types[id] !== PieceType.unused) out.push(length, this.reportedId[id]!, 0);
      else this.resegment(normalized, symbolStart, symbolStart + length, out);
    }
  }

  /**
   * The merge loop for short texts (most words): the valid candidates are exactly the adjacent
   * pairs that form a piece, so a left-to-right scan for the highest score (first one on ties)
   * picks what the heap would, without the heap's upkeep. Pairs are looked up in the same order
   * as addPair's, so the resegmentation table ends up the same.
   */
  private mergeByScan(normalized: Uint8Array, count: number): void {
    const units = this.pieces.units;
    const next = this.next;
    const previous = this.previous;
    const symbolLength = this.symbolLength;
    // A symbol with no pair to its right has score -Infinity, so the scan needs one comparison.
    const rightPairScore = this.rightPairScore;
    const rightPairNode = this.rightPairNode;
    for (let index = 0; index < count; index++) rightPairScore[index] = -Infinity;
    for (let index = 1; index < count; index++) this.findRightPair(normalized, index - 1);
    for (;;) {
      let best = -1;
      let bestScore = -Infinity;
      // Strictly greater: the leftmost of equal scores wins.
      for (let index = 0; index !== -1; index = next[index]!) {
        if (rightPairScore[index]! > bestScore) {
          best = index;
          bestScore = rightPairScore[index]!;
        }
      }
      if (best < 0) return;
      const right = next[best]!;
      const node = rightPairNode[best]!;
      symbolLength[best] = symbolLength[best]! + symbolLength[right]!;
      this.symbolNode[best] = node;
      this.symbolId[best] = units[node * 4 + 2]!;
      const after = next[right]!;
      next[best] = after;
      if (after >= 0) previous[after] = best;
      symbolLength[right] = 0;
      rightPairScore[best] = -Infinity;
      if (previous[best]! >= 0) this.findRightPair(normalized, previous[best]!);
      if (after >= 0) this.findRightPair(normalized, best);
    }
  }

  /** Sets the pair of symbol `left` and its right neighbour (as addPair, for the scan). */
  private findRightPair(normalized: Uint8Array, left: number): void {
    const node = this.pairNodeOf(normalized, left, this.next[left]!);
    this.rightPairNode[left] = node;
    this.rightPairScore[left] = node >= 0 ? this.pieces.payloads[node * 4 + 3]! : -Infinity;
  }

  private mergeByHeap(normalized: Uint8Array, count: number): void {
    const units = this.pieces.units;
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
      this.symbolNode[left] = this.pairNode[top]!;
      this.symbolId[left] = units[this.pairNode[top]! * 4 + 2]!;
      this.next[left] = this.next[right]!;
      if (this.next[right]! >= 0) this.previous[this.next[right]!] = left;
      this.symbolLength[right] = 0;
      this.addPair(normalized, this.previous[left]!, left);
      this.addPair(normalized, left, this.next[left]!);
    }
  }

  private resegment(normalized: Uint8Array, start: number, end: number, out: Segmentation): void {
    const id = this.vocabulary.idOfBytes(normalized, start, end);
    const parts = this.vocabulary.types[id] === PieceType.unused ? this.reverseMerges.get(id) : undefined;
    if (!parts) return out.push(end - start, id, 0);
    this.resegment(normalized, parts[0], parts[1], out);
    this.resegment(normalized, parts[2], parts[3], out);
  }

  /**
   * The trie node of the piece that symbols `left` and `right` join into, or -1 (no such piece, or
   * a frozen user-defined symbol). Records UNUSED pieces for resegmentation, as spm's AddNewPair does.
   */
  private pairNodeOf(normalized: Uint8Array, left: number, right: number): number {
    if (left === -1 || right === -1 || this.frozen[left] || this.frozen[right]) return -1;
    let node = this.symbolNode[left]!;
    if (node < 0) return -1;
    const units = this.pieces.units;
    const leftEnd = this.symbolStart[right]!;
    const end = leftEnd + this.symbolLength[right]!;
    for (let index = leftEnd; index < end; index++) {
      const child = units[node * 4]! + normalized[index]!;
      if (units[child * 4 + 1] !== node) return -1;
      node = child;
    }
    const id = units[node * 4 + 2]!;
    if (id < 0) return -1;
    if (this.hasUnused && this.vocabulary.types[id] === PieceType.unused) this.reverseMerges.set(id, [this.symbolStart[left]!, leftEnd, leftEnd, end]);
    return node;
  }

  private addPair(normalized: Uint8Array, left: number, right: number): void {
    const node = this.pairNodeOf(normalized, left, right);
    if (node < 0) return;
    const start = this.symbolStart[left]!;
    const end = this.symbolStart[right]! + this.symbolLength[right]!;
    const pair = this.pairCount++;
    if (pair >= this.pairLeft.length) this.growPairs();
    this.pairLeft[pair] = left;
    this.pairRight[pair] = right;
    this.pairScore[pair] = this.pieces.payloads[node * 4 + 3]!;
    this.pairSize[pair] = end - start;
    this.pairNode[pair] = node;
    this.push(pair);
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
    this.symbolNode = new Int32Array(size);
    this.symbolId = new Int32Array(size);
    this.previous = new Int32Array(size);
    this.next = new Int32Array(size);
    this.frozen = new Uint8Array(size);
    this.rightPairNode = new Int32Array(size);
    this.rightPairScore = new Float32Array(size);
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
    this.pairNode = grow(this.pairNode, (length) => new Int32Array(length));
  }
}
