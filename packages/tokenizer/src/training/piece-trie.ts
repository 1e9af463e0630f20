import type { PieceSymbols } from './unigram-lattice.js';
import { growableInt32Array, growableUint16Array, releaseGrowable } from './growable-arrays.js';
import { sharedInt32Array } from './word-table.js';

/** A {@link PieceTrie}'s arrays (in shared memory, so workers use the trie without a copy). */
export interface PieceTrieArrays {
  /** Piece id ending at each node, or -1. */
  nodePiece: Int32Array;
  /** Node n's children are the nodes `childStart[n]` … `childStart[n + 1] - 1`, by ascending symbol. */
  childStart: Int32Array;
  /** The character id on the edge into each node (16-bit when the alphabet allows: less memory at training's peak, the first E step). */
  nodeSymbol: Int32Array | Uint16Array;
  /** Children of the root, indexed by character id (-1: none). */
  rootChildren: Int32Array;
}

/** Work arrays of {@link PieceTrie.build} (see {@link PieceTrie.scratchFor}). */
export interface PieceTrieScratch {
  order: Int32Array;
  common: Uint16Array;
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
  private readonly nodeSymbol: Int32Array | Uint16Array;
  private readonly rootChildren: Int32Array;

  constructor(readonly arrays: PieceTrieArrays) {
    ({ nodePiece: this.nodePiece, childStart: this.childStart, nodeSymbol: this.nodeSymbol, rootChildren: this.rootChildren } = arrays);
  }

  /**
   * The trie of the pieces with `include[piece] === 1`; `lexicographicOrder` lists all pieces
   * sorted by their character ids (a prefix before its extensions). With `reuse` (the arrays of
   * a trie of a superset of these pieces) the trie is rebuilt in place, so workers holding those
   * shared arrays see it without another transfer. With `scratch` (from
   * {@link PieceTrie.scratchFor}) repeated builds allocate nothing.
   */
  static build(pieces: PieceSymbols, lexicographicOrder: Int32Array, include: Uint8Array, reuse?: PieceTrieArrays, scratch?: PieceTrieScratch): PieceTrie {
    const { symbols, starts, lengths } = pieces;
    let included = 0;
    for (let index = 0; index < lexicographicOrder.length; index++) {
      const piece = lexicographicOrder[index]!;
      if (include[piece] === 1 && lengths[piece]! > 0) included++;
    }
    const order = scratch ? scratch.order.subarray(0, included) : new Int32Array(included);
    included = 0;
    let maximumLength = 0;
    for (let index = 0; index < lexicographicOrder.length; index++) {
      const piece = lexicographicOrder[index]!;
      if (include[piece] !== 1 || lengths[piece]! === 0) continue;
      order[included++] = piece;
      if (lengths[piece]! > maximumLength) maximumLength = lengths[piece]!;
    }
    // common[i]: the prefix order[i] shares with order[i - 1]. Piece order[i] opens the nodes of
    // depths common[i] + 1 … its length (a prefix sorts before its extensions, and every piece
    // between two that share a prefix shares it too), so nodes = Σ (length − common) + the root.
    const common = scratch ? scratch.common.subarray(0, included) : new Uint16Array(included);
    let nodes = 1;
    for (let index = 0; index < order.length; index++) {
      const piece = order[index]!;
      const length = lengths[piece]!;
      let shared = 0;
      if (index > 0) {
        const previous = order[index - 1]!;
        const previousLength = lengths[previous]!;
        while (shared < length && shared < previousLength && symbols[starts[piece]! + shared] === symbols[starts[previous]! + shared]) shared++;
      }
      common[index] = shared;
      nodes += length - shared;
    }
    const fits = reuse !== undefined && reuse.nodeSymbol.length >= nodes;
    const nodePiece = fits ? reuse.nodePiece.fill(-1, 0, nodes) : sharedInt32Array(nodes).fill(-1);
    const childStart = fits ? reuse.childStart : sharedInt32Array(nodes + 1);
    const nodeSymbol = fits ? reuse.nodeSymbol : pieces.alphabetSize <= 0x10000 ? new Uint16Array(new SharedArrayBuffer(Math.max(1, nodes) * 2), 0, nodes) : sharedInt32Array(nodes);
    const rootChildren = fits ? reuse.rootChildren.fill(-1) : sharedInt32Array(pieces.alphabetSize).fill(-1);
    // Breadth first: the nodes of each depth in lexicographic order, after all shallower ones.
    // One sweep over the sorted pieces numbers them with a counter per depth (no per-node
    // work arrays): lastNode[d] is the last node of depth d numbered so far.
    const lastNode = new Int32Array(maximumLength + 2);
    // Nodes opened per depth (one pass; a pass per depth took most of a build).
    const opened = new Int32Array(maximumLength + 2);
    for (let index = 0; index < order.length; index++) for (let level = common[index]! + 1, length = lengths[order[index]!]!; level <= length; level++) opened[level]!++;
    for (let level = 1; level <= maximumLength; level++) lastNode[level + 1] = lastNode[level]! + opened[level]!;
    // lastNode[d] now holds the first node of depth d minus one (the root is node 0, depth 1
    // starts at node 1), and lastNode[maximumLength + 1] = nodes − 1.
    childStart[0] = 1;
    for (let index = 0; index < order.length; index++) {
      const piece = order[index]!;
      const length = lengths[piece]!;
      for (let level = common[index]! + 1; level <= length; level++) {
        const node = ++lastNode[level]!;
        const symbol = symbols[starts[piece]! + level - 1]!;
        nodeSymbol[node] = symbol;
        // Its children are the next nodes of the following depth.
        childStart[node] = lastNode[level + 1]! + 1;
        if (level === 1) rootChildren[symbol] = node;
        if (level === length) nodePiece[node] = piece;
      }
    }
    childStart[nodes] = nodes;
    return new PieceTrie({ nodePiece, childStart, nodeSymbol, rootChildren });
  }

  /**
   * Work arrays for {@link PieceTrie.build} over up to `pieces` pieces, to reuse across builds;
   * {@link PieceTrie.releaseScratch} returns their memory at once when training is done.
   */
  static scratchFor(pieces: number): PieceTrieScratch {
    return { order: growableInt32Array(pieces, pieces), common: growableUint16Array(pieces, pieces) };
  }

  /** Returns the memory of work arrays from {@link PieceTrie.scratchFor} (not to be used afterwards). */
  static releaseScratch(scratch: PieceTrieScratch): void {
    releaseGrowable(scratch.order);
    releaseGrowable(scratch.common);
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
