/**
 * A trie over UTF-8 bytes mapping strings to non-negative values. Used for the vocabulary
 * (longest and all-prefix matches in the encoders) and for user-defined symbols.
 */
export class ByteTrie {
  // Edges in an open-addressing hash table keyed `node * 256 + byte` (faster than a Map in the
  // encoders' inner loops): `edgeKeys` holds -1 for an empty slot.
  private edgeKeys: Int32Array = new Int32Array(1024).fill(-1);
  private edgeTargets: Int32Array = new Int32Array(1024);
  private edgeCount = 0;
  private mask = 1023;
  private values: Int32Array = new Int32Array(64).fill(-1);
  private nodeCount = 1;

  /** Adds `key` with `value`; a key added twice keeps its first value. Returns false if it already existed. */
  insert(key: Uint8Array, value: number): boolean {
    let node = 0;
    for (let index = 0; index < key.length; index++) {
      let child = this.step(node, key[index]!);
      if (child < 0) {
        child = this.nodeCount++;
        if (child >= this.values.length) {
          const grown = new Int32Array(this.values.length * 2).fill(-1);
          grown.set(this.values);
          this.values = grown;
        }
        if (node * 256 + 255 > 0x7fffffff) throw new RangeError('vocabulary trie too large');
        this.addEdge(node * 256 + key[index]!, child);
      }
      node = child;
    }
    if (this.values[node]! >= 0) return false;
    this.values[node] = value;
    return true;
  }

  private addEdge(edge: number, target: number): void {
    if ((this.edgeCount + 1) * 2 > this.edgeKeys.length) this.rehash();
    let slot = Math.imul(edge, 0x9e3779b1) & this.mask;
    while (this.edgeKeys[slot] !== -1) slot = (slot + 1) & this.mask;
    this.edgeKeys[slot] = edge;
    this.edgeTargets[slot] = target;
    this.edgeCount++;
  }

  private rehash(): void {
    const keys = this.edgeKeys;
    const targets = this.edgeTargets;
    this.edgeKeys = new Int32Array(keys.length * 2).fill(-1);
    this.edgeTargets = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    this.edgeCount = 0;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== -1) this.addEdge(keys[slot]!, targets[slot]!);
  }

  /** The node reached from `node` by `byte`, or -1. The root is node 0. */
  step(node: number, byte: number): number {
    const edge = node * 256 + byte;
    const keys = this.edgeKeys;
    const mask = this.mask;
    let slot = Math.imul(edge, 0x9e3779b1) & mask;
    for (;;) {
      const key = keys[slot]!;
      if (key === edge) return this.edgeTargets[slot]!;
      if (key === -1) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** The value stored at `node`, or -1 if no key ends there. */
  valueAt(node: number): number {
    return this.values[node]!;
  }

  /** The value of exactly `bytes[start, end)`, or -1. */
  get(bytes: Uint8Array, start: number, end: number): number {
    let node = 0;
    for (let index = start; index < end; index++) {
      node = this.step(node, bytes[index]!);
      if (node < 0) return -1;
    }
    return this.values[node]!;
  }

  /** Length of the longest key that is a prefix of `bytes[start, end)`, or 0. */
  longestPrefix(bytes: Uint8Array, start: number, end: number): number {
    let node = 0;
    let longest = 0;
    for (let index = start; index < end; index++) {
      node = this.step(node, bytes[index]!);
      if (node < 0) break;
      if (this.values[node]! >= 0) longest = index - start + 1;
    }
    return longest;
  }

  get size(): number {
    return this.nodeCount;
  }
}
