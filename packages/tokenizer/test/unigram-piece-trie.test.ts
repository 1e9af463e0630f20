import { describe, expect, it } from 'vitest';
import { PieceTrie } from '../src/training/piece-trie.js';
import type { PieceSymbols } from '../src/training/unigram-lattice.js';

// A small deterministic generator, so the random cases are the same on every run.
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

// Distinct random pieces over a 4-character alphabet (ids 2 … 5), back to back in one array.
function randomPieces(count: number, random: () => number): { pieces: PieceSymbols; keys: string[] } {
  const keys = new Set<string>();
  while (keys.size < count) keys.add(Array.from({ length: 1 + Math.floor(random() * 6) }, () => 2 + Math.floor(random() * 4)).join(','));
  const list = [...keys];
  const symbols: number[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  for (const key of list) {
    const ids = key.split(',').map(Number);
    starts.push(symbols.length);
    lengths.push(ids.length);
    symbols.push(...ids);
  }
  return { pieces: { symbols: Int32Array.from(symbols), starts: Int32Array.from(starts), lengths: Int32Array.from(lengths), alphabetSize: 6 }, keys: list };
}

function lexicographicOrderOf(keys: string[]): Int32Array {
  const ids = keys.map((key) => key.split(',').map(Number));
  const order = Int32Array.from(keys.keys());
  return order.sort((left, right) => {
    const a = ids[left]!;
    const b = ids[right]!;
    for (let index = 0; index < Math.min(a.length, b.length); index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
    return a.length - b.length;
  });
}

// What the lattice needs: walking the trie along a text from a position finds exactly the
// included pieces that start there (checked against string prefixes, not against the trie).
function piecesFoundAt(trie: PieceTrie, text: number[], start: number): number[] {
  const found: number[] = [];
  for (let node = trie.child(0, text[start]!), end = start + 1; node >= 0; end++) {
    if (trie.nodePiece[node]! >= 0) found.push(trie.nodePiece[node]!);
    if (end >= text.length) break;
    node = trie.child(node, text[end]!);
  }
  return found;
}

describe('piece trie', () => {
  it('finds exactly the included pieces that start at each position, breadth-first numbered', () => {
    const random = generator(3);
    const { pieces, keys } = randomPieces(600, random);
    const order = lexicographicOrderOf(keys);
    const include = Uint8Array.from(keys, () => (random() < 0.7 ? 1 : 0));
    const trie = PieceTrie.build(pieces, order, include);
    const text = Array.from({ length: 400 }, () => 2 + Math.floor(random() * 4));
    const mismatches: string[] = [];
    for (let start = 0; start < text.length; start++) {
      const expected = keys
        .map((key, piece) => [key.split(',').map(Number), piece] as const)
        .filter(([ids, piece]) => include[piece] === 1 && ids.every((id, offset) => text[start + offset] === id))
        .map(([, piece]) => piece)
        .sort((a, b) => a - b);
      const found = piecesFoundAt(trie, text, start).sort((a, b) => a - b);
      if (JSON.stringify(found) !== JSON.stringify(expected)) mismatches.push(`at ${start}: ${found} vs ${expected}`);
    }
    expect(mismatches).toEqual([]);
    // Breadth first: children are contiguous, in ascending symbol order, and numbered after their parent.
    const { childStart, nodeSymbol } = trie.arrays;
    const nodes = nodeSymbol.length;
    expect(childStart[nodes]).toBe(nodes);
    for (let node = 0; node < nodes; node++) {
      expect(childStart[node + 1]!).toBeGreaterThanOrEqual(childStart[node]!);
      if (childStart[node + 1]! > childStart[node]!) expect(childStart[node]!).toBeGreaterThan(node);
      for (let child = childStart[node]! + 1; child < childStart[node + 1]!; child++) expect(nodeSymbol[child]!).toBeGreaterThan(nodeSymbol[child - 1]!);
    }
  });

  it('rebuilds in place into the arrays of a trie of more pieces', () => {
    const random = generator(5);
    const { pieces, keys } = randomPieces(300, random);
    const order = lexicographicOrderOf(keys);
    const all = new Uint8Array(keys.length).fill(1);
    const first = PieceTrie.build(pieces, order, all);
    const some = Uint8Array.from(keys, () => (random() < 0.5 ? 1 : 0));
    const rebuilt = PieceTrie.build(pieces, order, some, first.arrays);
    expect(rebuilt.arrays.nodePiece.buffer).toBe(first.arrays.nodePiece.buffer);
    const fresh = PieceTrie.build(pieces, order, some);
    const text = Array.from({ length: 300 }, () => 2 + Math.floor(random() * 4));
    for (let start = 0; start < text.length; start++) expect(piecesFoundAt(rebuilt, text, start).sort()).toEqual(piecesFoundAt(fresh, text, start).sort());
  });

  it('stores edge symbols in 16 bits when the alphabet allows, and in 32 bits (finding ids above 65,535) when not', () => {
    const random = generator(9);
    // The same shapes over 4 characters with small ids (2 … 5) and with ids 70,000 … 70,003.
    const { pieces, keys } = randomPieces(200, random);
    const order = lexicographicOrderOf(keys);
    const all = new Uint8Array(keys.length).fill(1);
    const small = PieceTrie.build(pieces, order, all);
    const large = PieceTrie.build({ ...pieces, symbols: pieces.symbols.map((symbol) => symbol + 69_998), alphabetSize: 70_004 }, order, all);
    expect(small.arrays.nodeSymbol).toBeInstanceOf(Uint16Array);
    expect(large.arrays.nodeSymbol).toBeInstanceOf(Int32Array);
    const text = Array.from({ length: 200 }, () => 2 + Math.floor(random() * 4));
    const shifted = text.map((symbol) => symbol + 69_998);
    for (let start = 0; start < text.length; start++) {
      const found = piecesFoundAt(small, text, start).sort();
      expect(piecesFoundAt(large, shifted, start).sort()).toEqual(found);
      expect(found.length).toBeGreaterThan(0);
    }
  });
});
