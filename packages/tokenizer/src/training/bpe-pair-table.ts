import { growableFloat64Array, growableInt32Array, growableUint8Array, growInPlace, releaseGrowable } from './growable-arrays.js';

/** Flag bits of a pair. */
export const pairValid = 1;
/** The pair was merged, or its result was already made by another pair (spm's `dup`): never merge it. */
export const pairRetired = 2;

// At most this many pairs and word-list nodes (virtual memory is reserved for them, only what is
// used becomes resident): far more than any vocabulary's merges create.
const maximumPairs = 1 << 26;
const maximumNodes = 1 << 27;

/**
 * The adjacent symbol pairs of a BPE training run on typed arrays: an open-addressing hash
 * (left, right) → pair id, per pair its count and flags, and per pair the list of words it
 * occurs in (a linked list of nodes; lists may hold stale words, which the merge loop skips).
 * Ids are dense and assigned in creation order, so runs are deterministic. 21 bytes per pair
 * plus the index: the table holds every pair ever seen (about 700,000 for 30,000 merges on
 * 20 MB), and it is part of training's memory peak.
 */
export class BpePairTable {
  // Grown in place (see growable-arrays.ts): the arrays keep their identity as they grow.
  readonly left: Int32Array = growableInt32Array(1024, maximumPairs);
  readonly right: Int32Array = growableInt32Array(1024, maximumPairs);
  readonly count: Float64Array = growableFloat64Array(1024, maximumPairs);
  readonly flags: Uint8Array = growableUint8Array(1024, maximumPairs);
  /** Head of the pair's word list (-1: empty); its word is the last one added. */
  readonly firstNode: Int32Array = growableInt32Array(1024, maximumPairs);
  size = 0;

  readonly nodeWord: Int32Array = growableInt32Array(4096, maximumNodes);
  readonly nodeNext: Int32Array = growableInt32Array(4096, maximumNodes);
  private nodes = 0;
  /** Nodes of retired pairs' lists, reused before the arrays grow. */
  private freeNode = -1;

  /** Pair id + 1 per slot (0: empty, so a new index needs no fill). At most 3/4 full. */
  private slots: Int32Array;
  private slotMask: number;

  constructor(expectedPairs = 1 << 16) {
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
        growInPlace(this.nodeWord, node + 1);
        growInPlace(this.nodeNext, node + 1);
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
    for (const array of [this.left, this.right, this.count, this.flags, this.firstNode]) growInPlace(array, minimumLength);
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
