import type { PieceSymbols } from './unigram-lattice.js';
import { sharedInt32Array } from './word-table.js';

/** A {@link PieceTrie}'s arrays (in shared memory, so workers use the trie without a copy). */
export interface PieceTrieArrays {
  /** Piece id ending at each node, or -1. */
  nodePiece: Int32Array;
  /** Node n's children are the nodes `childStart[n]` … `childStart[n + 1] - 1`, by ascending symbol. */
  childStart: Int32Array;
  /** The character id on the edge into each node. */
  nodeSymbol: Int32Array;
  /** Children of the root, indexed by character id (-1: none). */
  rootChildren: Int32Array;
}

/**
 * A trie of pieces over character ids (see {@link WordTable}): from each position of a word,
 * walking it finds every piece that starts there, as spm's PopulateNodes does with its
 * double-array trie. Nodes are numbered breadth first, so each node's children are contiguous
 * and sorted: four flat arrays, no per-node objects.
 */
export class PieceTrie {
  readonly nodePiece: Int32Array;
  private readonly childStart: Int32Array;
  private readonly nodeSymbol: Int32Array;
  private readonly rootChildren: Int32Array;

  constructor(readonly arrays: PieceTrieArrays) {
    ({ nodePiece: this.nodePiece, childStart: this.childStart, nodeSymbol: this.nodeSymbol, rootChildren: this.rootChildren } = arrays);
  }

  /**
   * The trie of the pieces with `include[piece] === 1`; `lexicographicOrder` lists all pieces
   * sorted by their character ids (a prefix before its extensions). With `reuse` (the arrays of
   * a trie of a superset of these pieces) the trie is rebuilt in place, so workers holding those
   * shared arrays see it without another transfer.
   */
  static build(pieces: PieceSymbols, lexicographicOrder: Int32Array, include: Uint8Array, reuse?: PieceTrieArrays): PieceTrie {
    const { symbols, starts, lengths } = pieces;
    const order: number[] = [];
    for (const piece of lexicographicOrder) if (include[piece] === 1 && lengths[piece]! > 0) order.push(piece);
    // Nodes = distinct prefixes = Σ (length − common prefix with the previous piece) + the root.
    let nodes = 1;
    for (let index = 0; index < order.length; index++) {
      const piece = order[index]!;
      const length = lengths[piece]!;
      let common = 0;
      if (index > 0) {
        const previous = order[index - 1]!;
        const previousLength = lengths[previous]!;
        while (common < length && common < previousLength && symbols[starts[piece]! + common] === symbols[starts[previous]! + common]) common++;
      }
      nodes += length - common;
    }
    const fits = reuse !== undefined && reuse.nodeSymbol.length >= nodes;
    const nodePiece = fits ? reuse.nodePiece.fill(-1, 0, nodes) : sharedInt32Array(nodes).fill(-1);
    const childStart = fits ? reuse.childStart : sharedInt32Array(nodes + 1);
    const nodeSymbol = fits ? reuse.nodeSymbol : sharedInt32Array(nodes);
    const rootChildren = fits ? reuse.rootChildren.fill(-1) : sharedInt32Array(pieces.alphabetSize).fill(-1);
    // Breadth first: node n covers order[low[n]] … order[high[n] - 1], the pieces with its prefix.
    const low = new Int32Array(nodes);
    const high = new Int32Array(nodes);
    const depth = new Int32Array(nodes);
    high[0] = order.length;
    let next = 1;
    for (let node = 0; node < nodes; node++) {
      let first = low[node]!;
      const last = high[node]!;
      const level = depth[node]!;
      childStart[node] = next;
      if (first < last && lengths[order[first]!] === level) nodePiece[node] = order[first++]!;
      while (first < last) {
        const symbol = symbols[starts[order[first]!]! + level]!;
        let end = first + 1;
        while (end < last && symbols[starts[order[end]!]! + level] === symbol) end++;
        nodeSymbol[next] = symbol;
        low[next] = first;
        high[next] = end;
        depth[next] = level + 1;
        if (node === 0) rootChildren[symbol] = next;
        next++;
        first = end;
      }
    }
    childStart[nodes] = next;
    return new PieceTrie({ nodePiece, childStart, nodeSymbol, rootChildren });
  }

  /** The child of `node` by `symbol`, or -1. */
  child(node: number, symbol: number): number {
    if (node === 0) return symbol < this.rootChildren.length ? this.rootChildren[symbol]! : -1;
    let first = this.childStart[node]!;
    let last = this.childStart[node + 1]!;
    const symbols = this.nodeSymbol;
    while (last - first > 8) {
      const middle = (first + last) >>> 1;
      if (symbols[middle]! <= symbol) first = middle;
      else last = middle;
    }
    for (; first < last; first++) if (symbols[first] === symbol) return first;
    return -1;
  }
}
