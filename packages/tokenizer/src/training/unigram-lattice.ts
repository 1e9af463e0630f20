import type { PieceTrie } from './piece-trie.js';

/** Words (character ids, back to back) with counts: a whole word table or one worker's shard of it. */
export interface WordShard {
  symbols: Int32Array;
  offsets: Int32Array;
  counts: Float64Array;
}

/**
 * The candidate pieces as character ids: piece p is `symbols[starts[p]]` … `symbols[starts[p] +
 * lengths[p] - 1]`. Seeds are substrings of the word table, so `symbols` is the table's own array
 * and a piece costs two numbers.
 */
export interface PieceSymbols {
  symbols: Int32Array;
  starts: Int32Array;
  lengths: Int32Array;
  alphabetSize: number;
}

/** Current model: a score per piece and which pieces are alive (dead pieces are never matched). */
export interface PieceScores {
  scores: Float64Array;
  alive: Uint8Array;
  /** exp(score) of alive pieces, 0 for dead ones (set by the trainer before each E step). */
  weights: Float64Array;
  /** spm's unknown-node score: the lowest alive score minus 10 (kUnkPenalty). */
  unknownScore: number;
}

// What buildLattice computes besides the edges.
const noPass = 0;
const forwardPass = 1;
const viterbiPass = 2;

// Below this log-probability a word's forward–backward could underflow in probability space
// (exp(-700) is near the smallest double); such words are computed in the log domain.
const underflowGuard = -600;

function logSumExp(left: number, right: number): number {
  if (left === -Infinity) return right;
  if (right === -Infinity) return left;
  const high = left > right ? left : right;
  return high + Math.log1p(Math.exp((left > right ? right : left) - high));
}

/**
 * The segmentation lattices the Unigram trainer works on, as spm's Lattice + PopulateNodes:
 * for each word, every alive piece that matches at each position (found by walking a
 * {@link PieceTrie}) plus an unknown node where no single-character piece is alive. Lattices
 * are rebuilt per word into reused typed-array buffers (nothing per node is allocated), edges
 * ordered by start then end, which serves the forward pass, the backward pass (in reverse) and
 * spm's Viterbi tie-breaking (the earliest start wins) alike.
 *
 * One instance serves one shard of the word table, on the calling thread or in a worker.
 */
export class UnigramLattices {
  private edgeStart = new Int32Array(256);
  private edgeEnd = new Int32Array(256);
  private edgePiece = new Int32Array(256);
  private edgeWeight = new Float64Array(256);
  private forward = new Float64Array(64);
  private backward = new Float64Array(64);
  private backPointer = new Int32Array(64);
  private bestScore = new Float64Array(0);
  private secondScore = new Float64Array(0);
  private bestEdge = new Int32Array(0);
  private secondEdge = new Int32Array(0);
  private bestRank = new Int32Array(0);
  private secondRank = new Int32Array(0);

  /** Serves words `firstWord` … `lastWord - 1` of `words` (see {@link UnigramLattices.serveWords}). */
  constructor(
    private readonly words: WordShard,
    private readonly pieces: PieceSymbols,
    private readonly maximumPieceLength: number,
    private firstWord = 0,
    private lastWord = words.counts.length,
  ) {}

  /** Serves words `firstWord` … `lastWord - 1` from now on (the threads' shares are rebalanced between steps). */
  serveWords(firstWord: number, lastWord: number): void {
    this.firstWord = firstWord;
    this.lastWord = lastWord;
  }

  /**
   * E step (spm's RunEStep / Lattice::PopulateMarginal): adds count × P(piece | word) over
   * this shard's words. Each contribution is rounded to a multiple of 1/`scale`, so the sums
   * are exact integers (times 1/scale) and add up to the same value in any order — results do
   * not depend on how the table is split across threads. Returns the sums times `scale`.
   * Unknown nodes count towards `unknownPiece` (spm's unk_id_ quirk) when it is ≥ 0. `trie`
   * holds (at least) the alive pieces. The sums are written into `expected` (one slot per piece).
   */
  expectedCounts(trie: PieceTrie, model: PieceScores, scale: number, unknownPiece: number, expected: Float64Array): Float64Array {
    expected.fill(0);
    const weights = model.weights;
    const unknownWeight = Math.exp(model.unknownScore);
    const { symbols, offsets, counts } = this.words;
    for (let word = this.firstWord; word < this.lastWord; word++) {
      const first = offsets[word]!;
      const length = offsets[word + 1]! - first;
      this.ensureCapacity(length);
      const count = counts[word]!;
      if (length * model.unknownScore > underflowGuard) {
        // The forward pass runs while the lattice is built (see buildLattice).
        const edges = this.buildLattice(trie, model.alive, symbols, first, length, forwardPass, weights, unknownWeight);
        const { edgeStart, edgeEnd, edgePiece, edgeWeight, forward, backward } = this;
        backward.fill(0, 0, length + 1);
        backward[length] = 1;
        for (let edge = edges - 1; edge >= 0; edge--) backward[edgeStart[edge]!]! += backward[edgeEnd[edge]!]! * edgeWeight[edge]!;
        const factor = (count * scale) / forward[length]!;
        for (let edge = 0; edge < edges; edge++) {
          const piece = edgePiece[edge]!;
          const target = piece >= 0 ? piece : unknownPiece;
          if (target < 0) continue;
          expected[target]! += Math.round(forward[edgeStart[edge]!]! * edgeWeight[edge]! * backward[edgeEnd[edge]!]! * factor);
        }
      } else {
        const edges = this.buildLattice(trie, model.alive, symbols, first, length);
        const { edgeStart, edgeEnd, edgePiece, forward, backward } = this;
        forward.fill(-Infinity, 0, length + 1);
        backward.fill(-Infinity, 0, length + 1);
        forward[0] = 0;
        backward[length] = 0;
        for (let edge = 0; edge < edges; edge++) {
          const piece = edgePiece[edge]!;
          const end = edgeEnd[edge]!;
          forward[end] = logSumExp(forward[end]!, forward[edgeStart[edge]!]! + (piece >= 0 ? model.scores[piece]! : model.unknownScore));
        }
        for (let edge = edges - 1; edge >= 0; edge--) {
          const piece = edgePiece[edge]!;
          const start = edgeStart[edge]!;
          backward[start] = logSumExp(backward[start]!, backward[edgeEnd[edge]!]! + (piece >= 0 ? model.scores[piece]! : model.unknownScore));
        }
        const normalizer = forward[length]!;
        for (let edge = 0; edge < edges; edge++) {
          const piece = edgePiece[edge]!;
          const target = piece >= 0 ? piece : unknownPiece;
          if (target < 0) continue;
          const score = piece >= 0 ? model.scores[piece]! : model.unknownScore;
          expected[target]! += Math.round(count * scale * Math.exp(forward[edgeStart[edge]!]! + score + backward[edgeEnd[edge]!]! - normalizer));
        }
      }
    }
    return expected;
  }

  /**
   * How often each piece is on the best segmentation (spm's Lattice::Viterbi) of this shard's
   * words, weighted by word count; unknown nodes count towards `unknownPiece` when ≥ 0. Written
   * into `frequency` (one slot per piece).
   */
  viterbiFrequencies(trie: PieceTrie, model: PieceScores, unknownPiece: number, frequency: Float64Array): Float64Array {
    frequency.fill(0);
    const { symbols, offsets, counts } = this.words;
    for (let word = this.firstWord; word < this.lastWord; word++) {
      const first = offsets[word]!;
      const length = offsets[word + 1]! - first;
      this.ensureCapacity(length);
      // The Viterbi pass runs while the lattice is built (see buildLattice).
      this.buildLattice(trie, model.alive, symbols, first, length, viterbiPass, model.scores, model.unknownScore);
      const count = counts[word]!;
      for (let position = length; position > 0; ) {
        const edge = this.backPointer[position]!;
        const piece = this.edgePiece[edge]!;
        const target = piece >= 0 ? piece : unknownPiece;
        if (target >= 0) frequency[target]! += count;
        position = this.edgeStart[edge]!;
      }
    }
    return frequency;
  }

  /** Piece `piece`'s length in characters. */
  pieceLength(piece: number): number {
    return this.pieces.lengths[piece]!;
  }

  /**
   * The two best segmentations of piece `piece`'s own string (spm's Lattice::NBest(2)), as
   * pruning needs them: returns -1 when the string has only one segmentation, 0 when the best
   * one is not the piece itself (more than one node), else the length of the second-best
   * segmentation, whose piece ids (unknown nodes as `unknownPiece`) are written to `output`.
   */
  secondBestSegmentation(trie: PieceTrie, piece: number, model: PieceScores, unknownPiece: number, output: Int32Array): number {
    const { symbols, starts, lengths } = this.pieces;
    const first = starts[piece]!;
    const length = lengths[piece]!;
    const edges = this.buildLattice(trie, model.alive, symbols, first, length);
    if (this.bestScore.length <= length) {
      this.bestScore = new Float64Array(length + 1);
      this.secondScore = new Float64Array(length + 1);
      this.bestEdge = new Int32Array(length + 1);
      this.secondEdge = new Int32Array(length + 1);
      this.bestRank = new Int32Array(length + 1);
      this.secondRank = new Int32Array(length + 1);
    }
    // Per position the best two partial paths: score, last edge, and the rank of the path it extends.
    const { bestScore, secondScore, bestEdge, secondEdge, bestRank, secondRank } = this;
    bestScore.fill(-Infinity, 0, length + 1);
    secondScore.fill(-Infinity, 0, length + 1);
    bestScore[0] = 0;
    for (let edge = 0; edge < edges; edge++) {
      const edgePiece = this.edgePiece[edge]!;
      const edgeValue = edgePiece >= 0 ? model.scores[edgePiece]! : model.unknownScore;
      const start = this.edgeStart[edge]!;
      const end = this.edgeEnd[edge]!;
      for (let rank = 0; rank < 2; rank++) {
        const candidate = (rank === 0 ? bestScore[start]! : secondScore[start]!) + edgeValue;
        if (candidate === -Infinity) continue;
        if (candidate > bestScore[end]!) {
          secondScore[end] = bestScore[end]!;
          secondEdge[end] = bestEdge[end]!;
          secondRank[end] = bestRank[end]!;
          bestScore[end] = candidate;
          bestEdge[end] = edge;
          bestRank[end] = rank;
        } else if (candidate > secondScore[end]!) {
          secondScore[end] = candidate;
          secondEdge[end] = edge;
          secondRank[end] = rank;
        }
      }
    }
    if (secondScore[length] === -Infinity) return -1;
    if (this.edgeStart[bestEdge[length]!] !== 0) return 0;
    let size = 0;
    for (let position = length, rank = 1; position > 0; ) {
      const edge = rank === 0 ? bestEdge[position]! : secondEdge[position]!;
      const edgePiece = this.edgePiece[edge]!;
      output[size++] = edgePiece >= 0 ? edgePiece : unknownPiece;
      rank = rank === 0 ? bestRank[position]! : secondRank[position]!;
      position = this.edgeStart[edge]!;
    }
    output.subarray(0, size).reverse();
    return size;
  }

  private ensureCapacity(length: number): void {
    if (this.forward.length <= length) {
      this.forward = new Float64Array(length * 2 + 1);
      this.backward = new Float64Array(length * 2 + 1);
      this.backPointer = new Int32Array(length * 2 + 1);
    }
  }

  // PopulateNodes for one text: writes its edges into the edge buffers, returns their number.
  // The trie may still hold pieces that died since it was built (it is rebuilt only when many
  // did); `alive` keeps them out. With `pass` it also runs, as it goes, the E step's forward pass
  // (`values`: the weights; into `forward`, also writing each edge's weight) or the Viterbi pass
  // (`values`: the scores; best score per position into `forward`, best last edge into
  // `backPointer`, strictly greater so that among equal scores the first edge, the earliest
  // start, wins, as in spm). Edges come in order of their start, so a position's value is complete
  // when the edges leaving it are added: the same sums and comparisons in the same order as a
  // pass over the finished lattice, without reading it again.
  private buildLattice(trie: PieceTrie, alive: Uint8Array, symbols: Int32Array, first: number, length: number, pass = noPass, values?: Float64Array, unknownValue = 0): number {
    const needed = length * (this.maximumPieceLength + 1);
    if (this.edgeStart.length < needed) {
      this.edgeStart = new Int32Array(needed * 2);
      this.edgeEnd = new Int32Array(needed * 2);
      this.edgePiece = new Int32Array(needed * 2);
      this.edgeWeight = new Float64Array(needed * 2);
    }
    const { edgeStart, edgeEnd, edgePiece, edgeWeight, forward, backPointer } = this;
    if (pass === forwardPass) {
      forward.fill(0, 0, length + 1);
      forward[0] = 1;
    } else if (pass === viterbiPass) {
      forward.fill(-Infinity, 0, length + 1);
      forward[0] = 0;
    }
    const nodePiece = trie.nodePiece;
    const limit = this.maximumPieceLength;
    let edges = 0;
    for (let start = 0; start < length; start++) {
      let hasSingle = false;
      const reach = pass === noPass ? 0 : forward[start]!;
      let node = trie.child(0, symbols[first + start]!);
      for (let end = start + 1; node >= 0; ) {
        const piece = nodePiece[node]!;
        if (piece >= 0 && alive[piece] === 1) {
          if (pass === forwardPass) {
            const weight = values![piece]!;
            edgeWeight[edges] = weight;
            forward[end]! += reach * weight;
          } else if (pass === viterbiPass) {
            const candidate = reach + values![piece]!;
            if (candidate > forward[end]!) {
              forward[end] = candidate;
              backPointer[end] = edges;
            }
          }
          edgeStart[edges] = start;
          edgeEnd[edges] = end;
          edgePiece[edges++] = piece;
          if (end === start + 1) hasSingle = true;
        }
        if (end >= length || end - start >= limit) break;
        node = trie.child(node, symbols[first + end]!);
        end++;
      }
      if (!hasSingle) {
        if (pass === forwardPass) {
          edgeWeight[edges] = unknownValue;
          forward[start + 1]! += reach * unknownValue;
        } else if (pass === viterbiPass) {
          const candidate = reach + unknownValue;
          if (candidate > forward[start + 1]!) {
            forward[start + 1] = candidate;
            backPointer[start + 1] = edges;
          }
        }
        edgeStart[edges] = start;
        edgeEnd[edges] = start + 1;
        edgePiece[edges++] = -1;
      }
    }
    return edges;
  }
}
