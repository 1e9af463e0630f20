import { growableFloat64Array, growableInt32Array, growableUint8Array, grow, releaseGrowable } from './growable-arrays.js';

/** Flag bits of a pair. */
export const pairValid = 1;
/** The pair was merged, or its result was already made by another pair (spm's `dup`): never merge it. */
export const pairRetired = 2;

/**
 * Address space to reserve for a {@link BpePairTable}'s pairs and word-list nodes (only what is
 * used becomes resident; past it the arrays grow by one copy). Training bounds both by the
 * words' symbol positions (see bpeTableReservation in bpe-merges.ts).
 */
export interface BpePairTableReservation {
  pairs: number;
  nodes: number;
}

/**
 * The adjacent symbol pairs of a BPE training run on typed arrays: an open-addressing hash
 * (left, right) → pair id, per pair its count and flags, and per pair the list of words it
 * occurs in (a linked list of nodes; lists may hold stale words, which the merge loop skips).
 * Ids are dense and assigned in creation order, so runs are deterministic. 21 bytes per pair
 * plus the index: the table holds every pair ever seen (about 700,000 for 30,000 merges on
 * 20 MB), and it is part of training's memory peak.
 */
export class BpePairTable {
  // Grown in place within their reservation (see growable-arrays.ts), by one copy past it: read
  // them from the table after anything that may add a pair or a word (findOrAdd, addWord).
  left: Int32Array;
  right: Int32Array;
  count: Float64Array;
  flags: Uint8Array;
  /** Head of the pair's word list (-1: empty); its word is the last one added. */
  firstNode: Int32Array;
  size = 0;

  nodeWord: Int32Array;
  nodeNext: Int32Array;
  private nodes = 0;
  /** Nodes of retired pairs' lists, reused before the arrays grow. */
  private freeNode = -1;

  /** Pair id + 1 per slot (0: empty, so a new index needs no fill). At most 3/4 full. */
  private slots: Int32Array;
  private slotMask: number;

  constructor(expectedPairs = 1 << 16, reservation: BpePairTableReservation = { pairs: 1 << 22, nodes: 1 << 23 }) {
    const pairs = Math.max(1024, reservation.pairs);
    const nodes = Math.max(4096, reservation.nodes);
    this.left = growableInt32Array(1024, pairs);
    this.right = growableInt32Array(1024, pairs);
    this.count = growableFloat64Array(1024, pairs);
    this.flags = growableUint8Array(1024, pairs);
    this.firstNode = growableInt32Array(1024, pairs);
    this.nodeWord = growableInt32Array(4096, nodes);
    this.nodeNext = growableInt32Array(4096, nodes);
    let capacity = 1 << 10;
    while (capacity * 3 < expectedPairs * 4) capacity <<= 1;
    this.slots = new Int32Array(capacity);
    this.slotMask = capacity - 1;
  }

  private static hash(left: number, right: number): number {
    let hash = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77);
    hash ^= hash >>> 15;
    return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 13);
  }

  /** The id of pair (left, right), or -1. */
  find(left: number, right: number): number {
    for (let slot = BpePairTable.hash(left, right) & this.slotMask; ; slot = (slot + 1) & this.slotMask) {
      const pair = this.slots[slot]! - 1;
      if (pair < 0) return -1;
      if (this.left[pair] === left && this.right[pair] === right) return pair;
    }
  }

  /** The id of pair (left, right), created (count 0, no words) with `flags` if new. */
  findOrAdd(left: number, right: number, flagsIfNew: (left: number, right: number) => number): number {
    let slot = BpePairTable.hash(left, right) & this.slotMask;
    for (; ; slot = (slot + 1) & this.slotMask) {
      const pair = this.slots[slot]! - 1;
      if (pair < 0) break;
      if (this.left[pair] === left && this.right[pair] === right) return pair;
    }
    const pair = this.size++;
    if (pair >= this.left.length) this.growPairs(pair + 1);
    this.left[pair] = left;
    this.right[pair] = right;
    this.count[pair] = 0;
    this.flags[pair] = flagsIfNew(left, right);
    this.firstNode[pair] = -1;
    this.slots[slot] = pair + 1;
    if (this.size * 4 > this.slots.length * 3) this.rehash();
    return pair;
  }

  /** Records that `word` contains `pair` (once per word in a row: the head is the last word added). */
  addWord(pair: number, word: number): void {
    const head = this.firstNode[pair]!;
    if (head >= 0 && this.nodeWord[head] === word) return;
    let node = this.freeNode;
    if (node >= 0) this.freeNode = this.nodeNext[node]!;
    else {
      node = this.nodes++;
      if (node >= this.nodeWord.length) {
        this.nodeWord = grow(this.nodeWord, node + 1);
        this.nodeNext = grow(this.nodeNext, node + 1);
      }
    }
    this.nodeWord[node] = word;
    this.nodeNext[node] = this.firstNode[pair]!;
    this.firstNode[pair] = node;
  }

  /** Drops a retired pair's word list; its nodes go to the free list. */
  clearWords(pair: number): void {
    const first = this.firstNode[pair]!;
    if (first < 0) return;
    let last = first;
    while (this.nodeNext[last]! >= 0) last = this.nodeNext[last]!;
    this.nodeNext[last] = this.freeNode;
    this.freeNode = first;
    this.firstNode[pair] = -1;
  }

  /** Returns the table's memory at once (see releaseGrowable); the table must not be used afterwards. */
  release(): void {
    for (const array of [this.left, this.right, this.count, this.flags, this.firstNode, this.nodeWord, this.nodeNext]) releaseGrowable(array);
  }

  private growPairs(minimumLength: number): void {
    this.left = grow(this.left, minimumLength);
    this.right = grow(this.right, minimumLength);
    this.count = grow(this.count, minimumLength);
    this.flags = grow(this.flags, minimumLength);
    this.firstNode = grow(this.firstNode, minimumLength);
  }

  private rehash(): void {
    this.slots = new Int32Array(0); // the old index is not needed while the new one fills
    const slots = new Int32Array((this.slotMask + 1) * 2);
    const mask = slots.length - 1;
    for (let pair = 0; pair < this.size; pair++) {
      let slot = BpePairTable.hash(this.left[pair]!, this.right[pair]!) & mask;
      while (slots[slot]! !== 0) slot = (slot + 1) & mask;
      slots[slot] = pair + 1;
    }
    this.slots = slots;
    this.slotMask = mask;
  }
}
