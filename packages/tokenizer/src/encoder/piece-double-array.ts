/**
 * A double-array trie over the UTF-8 bytes of vocabulary pieces, for the encoders' inner loops:
 * one step is `next = base(node) + byte`, then `check(next) === node`, where the hash-table
 * ByteTrie needs a multiply and a probe. Each node is one 16-byte record in {@link units}:
 * base, check, value and a float32 payload the encoder fills (a piece score), so a step touches
 * one cache line. Built once per tokenizer from the pieces.
 *
 * @example
 * ```ts
 * const trie = new PieceDoubleArray([[new TextEncoder().encode('▁a'), 7]]);
 * let node = 0;
 * for (const byte of new TextEncoder().encode('▁a')) node = trie.step(node, byte);
 * trie.valueAt(node); // 7
 * ```
 */
export class PieceDoubleArray {
  /**
   * Node `n` is `units[4n, 4n + 4)`: base (its children sit at base + byte), check (the parent,
   * -1 for a free position), value (of the key ending there, or -1) and a payload slot.
   */
  readonly units: Int32Array;
  /** The payload slots as float32 (`payloads[4n + 3]`), over the same memory as {@link units}. */
  readonly payloads: Float32Array;

  constructor(entries: readonly (readonly [key: Uint8Array, value: number])[]) {
    // Keys sorted bytewise (as latin1 strings, whose code units are the bytes: a native compare),
    // then laid out flat so the build loop reads one typed array.
    const sorted = entries
      .filter(([key]) => key.length > 0)
      .map(([key, value]) => ({ text: Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1'), key, value }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    const keyStart = new Int32Array(sorted.length + 1);
    for (let index = 0; index < sorted.length; index++) keyStart[index + 1] = keyStart[index]! + sorted[index]!.key.length;
    const keyBytes = new Uint8Array(keyStart[sorted.length]!);
    const keyValues = new Int32Array(sorted.length);
    for (let index = 0; index < sorted.length; index++) {
      keyBytes.set(sorted[index]!.key, keyStart[index]!);
      keyValues[index] = sorted[index]!.value;
    }
    const keyLength = (index: number): number => keyStart[index + 1]! - keyStart[index]!;
    let capacity = 0;
    let base: Int32Array<ArrayBuffer> = new Int32Array(0);
    let check = new Int32Array(0);
    let values = new Int32Array(0);
    // Free positions in a doubly linked list (-1 ends it), so placing a node skips the filled
    // ones; a position that failed many placements leaves the list (it stays a hole), which keeps
    // the build linear in practice, as darts-clone does.
    let nextFree = new Int32Array(0);
    let previousFree = new Int32Array(0);
    let failures = new Uint8Array(0);
    let firstFree = -1;
    let lastFree = -1;
    const unlink = (position: number): void => {
      const previous = previousFree[position]!;
      const next = nextFree[position]!;
      if (previous >= 0) nextFree[previous] = next;
      else firstFree = next;
      if (next >= 0) previousFree[next] = previous;
      else lastFree = previous;
    };
    const grow = (needed: number): void => {
      if (needed < capacity) return;
      const old = capacity;
      capacity = Math.max(1024, capacity);
      while (capacity <= needed) capacity *= 2;
      const widen = (array: Int32Array, fill: number): Int32Array<ArrayBuffer> => {
        const grown = new Int32Array(capacity).fill(fill);
        grown.set(array);
        return grown;
      };
      base = widen(base, 0);
      check = widen(check, -1);
      values = widen(values, -1);
      nextFree = widen(nextFree, -1);
      previousFree = widen(previousFree, -1);
      const grownFailures = new Uint8Array(capacity);
      grownFailures.set(failures);
      failures = grownFailures;
      for (let position = Math.max(old, 1); position < capacity; position++) {
        previousFree[position] = lastFree;
        if (lastFree >= 0) nextFree[lastFree] = position;
        else firstFree = position;
        lastFree = position;
      }
    };
    grow(256);
    check[0] = -2; // the root: in use, and no node's child
    const labels = new Int32Array(256);
    const starts = new Int32Array(257);
    // Nodes to place: (position, first key, end key, depth), breadth-first, so the short prefixes
    // every lookup passes through end up close together in memory.
    const queue: number[] = [0, 0, sorted.length, 0];
    for (let head = 0; head < queue.length; head += 4) {
      const node = queue[head]!;
      let low = queue[head + 1]!;
      const high = queue[head + 2]!;
      const depth = queue[head + 3]!;
      // The key that ends here (sorted first; keys are distinct, a repeated one keeps its first value).
      if (low < high && keyLength(low) === depth) {
        values[node] = keyValues[low]!;
        low++;
        while (low < high && keyLength(low) === depth) low++;
      }
      if (low >= high) continue;
      let labelCount = 0;
      for (let index = low; index < high; index++) {
        const label = keyBytes[keyStart[index]! + depth]!;
        if (labelCount === 0 || labels[labelCount - 1] !== label) {
          labels[labelCount] = label;
          starts[labelCount++] = index;
        }
      }
      starts[labelCount] = high;
      // The first free position that can hold the smallest label, with room for all the others.
      let candidate = -1;
      for (let free = firstFree; ; ) {
        if (free < 0) {
          const end = capacity;
          grow(capacity);
          free = end;
          continue;
        }
        const trial = free - labels[0]!;
        if (trial >= 1) {
          grow(trial + 256);
          let fits = true;
          for (let index = 1; index < labelCount && fits; index++) if (check[trial + labels[index]!] !== -1) fits = false;
          if (fits) {
            candidate = trial;
            break;
          }
        }
        const next = nextFree[free]!;
        if (trial >= 1 && ++failures[free]! > 16) unlink(free);
        free = next;
      }
      base[node] = candidate;
      for (let index = 0; index < labelCount; index++) {
        const child = candidate + labels[index]!;
        check[child] = node;
        if (failures[child]! <= 16) unlink(child);
      }
      for (let index = 0; index < labelCount; index++) queue.push(candidate + labels[index]!, starts[index]!, starts[index + 1]!, depth + 1);
    }
    // Every base + 255 is below the size kept (grow(trial + 256) above, trimmed to base + 257), so steps never read past the end.
    // Trim to the last position in use plus a byte's reach.
    let used = 0;
    for (let position = 0; position < capacity; position++) if (check[position] !== -1 || base[position] !== 0) used = Math.max(used, position, base[position]!);
    const size = Math.min(capacity, used + 257);
    this.units = new Int32Array(size * 4);
    for (let position = 0; position < size; position++) {
      this.units[position * 4] = base[position]!;
      this.units[position * 4 + 1] = check[position]!;
      this.units[position * 4 + 2] = values[position]!;
    }
    this.payloads = new Float32Array(this.units.buffer);
  }

  /** The node reached from `node` by `byte`, or -1. The root is node 0. */
  step(node: number, byte: number): number {
    const next = this.units[node * 4]! + byte;
    return this.units[next * 4 + 1] === node ? next : -1;
  }

  /** The value of the key ending at `node`, or -1. */
  valueAt(node: number): number {
    return this.units[node * 4 + 2]!;
  }

  /** The value of exactly `bytes[start, end)`, or -1. */
  get(bytes: Uint8Array, start: number, end: number): number {
    const units = this.units;
    let node = 0;
    for (let index = start; index < end; index++) {
      const next = units[node * 4]! + bytes[index]!;
      if (units[next * 4 + 1] !== node) return -1;
      node = next;
    }
    return units[node * 4 + 2]!;
  }
}
