/**
 * Builds a double-array trie in darts-clone's unit format, the layout SentencePiece's
 * normaliser (and spm_encode) reads from `precompiled_charsmap`. Each unit is a uint32:
 * label in bits 0-7 (bit 31 set marks a value unit), has-leaf flag in bit 8, and the offset to
 * the children's base in bits 10-31 (bit 9: offset stored shifted by 8).
 *
 * Keys are byte strings without NUL; a key's value sits in the unit of its label-0 child.
 *
 * @example
 * ```ts
 * import { buildDoubleArray } from '@oellm/tokenizer';
 * const units = buildDoubleArray([{ key: new TextEncoder().encode('ﬁ'), value: 0 }]);
 * // `units` is the double array part of a precompiled_charsmap
 * ```
 */
export function buildDoubleArray(entries: readonly { key: Uint8Array; value: number }[]): Uint32Array {
  // A plain trie first, on typed arrays (a charsmap has a quarter million keys): each node's
  // children are a sibling list kept sorted by label; value of the key ending here (or -1).
  let capacity = 1024;
  let firstChild = new Int32Array(capacity).fill(-1);
  let nextSibling = new Int32Array(capacity).fill(-1);
  let nodeLabel = new Uint8Array(capacity);
  let nodeValue = new Int32Array(capacity).fill(-1);
  let nodes = 1; // node 0 is the root
  const addNode = (label: number): number => {
    if (nodes === capacity) {
      capacity *= 2;
      const grow = <T extends Int32Array | Uint8Array>(array: T, fill: number): T => {
        const grown = new (array.constructor as new (length: number) => T)(capacity);
        grown.fill(fill);
        grown.set(array);
        return grown;
      };
      firstChild = grow(firstChild, -1);
      nextSibling = grow(nextSibling, -1);
      nodeLabel = grow(nodeLabel, 0);
      nodeValue = grow(nodeValue, -1);
    }
    nodeLabel[nodes] = label;
    return nodes++;
  };
  for (const { key, value } of entries) {
    if (value < 0 || value > 0x7fffffff) throw new RangeError(`double-array values must fit 31 bits, got ${value}`);
    let node = 0;
    for (const byte of key) {
      if (byte === 0) throw new RangeError('double-array keys must not contain NUL');
      let previous = -1;
      let child = firstChild[node]!;
      while (child >= 0 && nodeLabel[child]! < byte) {
        previous = child;
        child = nextSibling[child]!;
      }
      if (child < 0 || nodeLabel[child] !== byte) {
        const created = addNode(byte);
        nextSibling[created] = child;
        if (previous < 0) firstChild[node] = created;
        else nextSibling[previous] = created;
        child = created;
      }
      node = child;
    }
    nodeValue[node] = value;
  }

  // Identical subtrees share one child block (a DAWG, as darts-clone builds): signatures are
  // computed bottom-up from the value and the children's (label, signature) pairs.
  const signatures = new Map<string, number>();
  const signatureOf = new Int32Array(nodes);
  const sign = (node: number): number => {
    let text = String(nodeValue[node]);
    for (let child = firstChild[node]!; child >= 0; child = nextSibling[child]!) text += `,${nodeLabel[child]}:${sign(child)}`;
    let id = signatures.get(text);
    if (id === undefined) signatures.set(text, (id = signatures.size));
    signatureOf[node] = id;
    return id;
  };
  sign(0);
  const placedBase = new Map<number, number>();

  let units = new Uint32Array(1024);
  let used = new Uint8Array(1024);
  let usedBases = new Uint8Array(1024);
  // nextFree[i]: a position >= i that may be free (path-compressed, as in union-find).
  let nextFree = Int32Array.from({ length: 1024 }, (_, index) => index);
  const ensure = (size: number): void => {
    if (size <= units.length) return;
    let capacity = units.length;
    while (capacity < size) capacity *= 2;
    const grownUnits = new Uint32Array(capacity);
    grownUnits.set(units);
    units = grownUnits;
    const grownUsed = new Uint8Array(capacity);
    grownUsed.set(used);
    used = grownUsed;
    const grownBases = new Uint8Array(capacity);
    grownBases.set(usedBases);
    usedBases = grownBases;
    const grownFree = new Int32Array(capacity);
    grownFree.set(nextFree);
    for (let index = nextFree.length; index < capacity; index++) grownFree[index] = index;
    nextFree = grownFree;
  };
  const findFree = (position: number): number => {
    let root = position;
    while (root < nextFree.length && nextFree[root] !== root) root = nextFree[root]!;
    if (root >= nextFree.length) {
      ensure(root + 1);
    }
    for (let index = position; index !== root; ) {
      const following = nextFree[index]!;
      nextFree[index] = root;
      index = following;
    }
    return root;
  };
  const markUsed = (position: number): void => {
    used[position] = 1;
    nextFree[position] = position + 1;
  };
  markUsed(0); // the root
  let length = 1;

  const queueNodes: number[] = [0];
  const queuePositions: number[] = [0];
  const labels: number[] = [];
  for (let head = 0; head < queueNodes.length; head++) {
    const node = queueNodes[head]!;
    const position = queuePositions[head]!;
    const hasValue = nodeValue[node]! >= 0;
    labels.length = 0;
    if (hasValue) labels.push(0);
    for (let child = firstChild[node]!; child >= 0; child = nextSibling[child]!) labels.push(nodeLabel[child]!);
    if (labels.length === 0) continue;
    const signature = signatureOf[node]!;
    const shared = placedBase.get(signature);
    if (shared !== undefined) {
      const offset = (position ^ shared) >>> 0;
      if (offset < 1 << 21 || ((offset & 0xff) === 0 && offset < 1 << 29)) {
        const encodedOffset = offset < 1 << 21 ? offset << 10 : ((offset >>> 8) << 10) | (1 << 9);
        units[position] = (nodeLabel[node]! | (hasValue ? 1 << 8 : 0) | encodedOffset) >>> 0;
        continue;
      }
    }
    // Candidate bases put the first label on a free slot; only the last blocks are searched
    // (as darts-clone does), which keeps building linear at the cost of a few holes.
    let base = 0;
    for (let free = findFree(Math.max(1, length - 8192)); ; free = findFree(free + 1)) {
      base = (free ^ labels[0]!) >>> 0;
      if (base === position) continue;
      ensure((Math.max(base, free) | 0xff) + 1);
      if (usedBases[base]) continue;
      const offset = (position ^ base) >>> 0;
      if (offset >= 1 << 21 && ((offset & 0xff) !== 0 || offset >= 1 << 29)) continue;
      let fits = true;
      for (const label of labels) {
        if (used[(base ^ label) >>> 0]) {
          fits = false;
          break;
        }
      }
      if (fits) break;
    }
    usedBases[base] = 1;
    if (shared === undefined) placedBase.set(signature, base);
    const offset = (position ^ base) >>> 0;
    const encodedOffset = offset < 1 << 21 ? offset << 10 : ((offset >>> 8) << 10) | (1 << 9);
    units[position] = (nodeLabel[node]! | (hasValue ? 1 << 8 : 0) | encodedOffset) >>> 0;
    if (hasValue) {
      const child = base >>> 0;
      markUsed(child);
      length = Math.max(length, (child | 0xff) + 1);
      units[child] = (nodeValue[node]! | 0x80000000) >>> 0;
    }
    for (let child = firstChild[node]!; child >= 0; child = nextSibling[child]!) {
      const slot = (base ^ nodeLabel[child]!) >>> 0;
      markUsed(slot);
      length = Math.max(length, (slot | 0xff) + 1);
      queueNodes.push(child);
      queuePositions.push(slot);
    }
  }
  return units.slice(0, length);
}
