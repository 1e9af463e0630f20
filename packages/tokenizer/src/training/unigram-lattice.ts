/**
 * The segmentation lattices the Unigram trainer works on: for every word of the table, every
 * substring that is a candidate piece (and every single character, known or not) as an edge
 * `[start, end)` over code-point positions. The edges are built once; pieces are removed by
 * the trainer by clearing their `alive` flag, so a lattice never has to be rebuilt.
 * Edges are ordered by end, then start, which is what the forward pass, the backward pass and
 * spm's Viterbi tie-breaking (the earliest start wins) need.
 */
export interface EdgeList {
  /** Word w's edges are `edgeOffsets[w]` … `edgeOffsets[w + 1] - 1`. */
  edgeOffsets: Int32Array;
  /** Code points in word w. */
  lengths: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Piece id, or -1 for a character that is no candidate piece (an unknown node). */
  pieces: Int32Array;
}

/** Current piece scores and which pieces are still in the vocabulary. */
export interface PieceScores {
  scores: Float64Array;
  alive: Uint8Array;
  /** spm's unknown-node score: the lowest alive score minus 10 (kUnkPenalty). */
  unknownScore: number;
}

/** Builds the edges of each text (code points as strings) against the candidate pieces. */
export function buildEdgeList(texts: readonly string[][], pieceIds: ReadonlyMap<string, number>, maximumPieceLength: number): EdgeList {
  const edgeOffsets = new Int32Array(texts.length + 1);
  const lengths = new Int32Array(texts.length);
  const starts: number[] = [];
  const ends: number[] = [];
  const pieces: number[] = [];
  const order: number[] = [];
  for (let index = 0; index < texts.length; index++) {
    const characters = texts[index]!;
    lengths[index] = characters.length;
    // Enumerated by end, then start, so no sort is needed.
    for (let end = 1; end <= characters.length; end++) {
      const first = Math.max(0, end - maximumPieceLength);
      let key = '';
      order.length = 0;
      for (let start = end - 1; start >= first; start--) {
        key = characters[start]! + key;
        const id = pieceIds.get(key);
        if (id !== undefined || start === end - 1) order.push(start, id ?? -1);
      }
      for (let position = order.length - 2; position >= 0; position -= 2) {
        starts.push(order[position]!);
        ends.push(end);
        pieces.push(order[position + 1]!);
      }
    }
    edgeOffsets[index + 1] = starts.length;
  }
  return { edgeOffsets, lengths, starts: Int32Array.from(starts), ends: Int32Array.from(ends), pieces: Int32Array.from(pieces) };
}

// An edge's score in the current model, or NaN when the edge is gone (a removed multi-character
// piece). A single character without a live piece is an unknown node, as in spm's PopulateNodes.
function edgeScore(edges: EdgeList, edge: number, model: PieceScores): number {
  const piece = edges.pieces[edge]!;
  if (piece >= 0 && model.alive[piece] === 1) return model.scores[piece]!;
  return edges.ends[edge]! - edges.starts[edge]! === 1 ? model.unknownScore : Number.NaN;
}

function logSumExp(left: number, right: number): number {
  if (left === -Infinity) return right;
  if (right === -Infinity) return left;
  const high = Math.max(left, right);
  return high + Math.log1p(Math.exp(Math.min(left, right) - high));
}

/**
 * E step (spm's Lattice::PopulateMarginal over every word): adds `count × P(piece edge | word)`
 * to `expected` and returns the log-likelihood of the table (sum of count × log Z).
 */
export function addExpectedCounts(edges: EdgeList, counts: ArrayLike<number>, model: PieceScores, expected: Float64Array): number {
  let likelihood = 0;
  let alpha = new Float64Array(64);
  let beta = new Float64Array(64);
  for (let word = 0; word < edges.lengths.length; word++) {
    const length = edges.lengths[word]!;
    const first = edges.edgeOffsets[word]!;
    const last = edges.edgeOffsets[word + 1]!;
    if (alpha.length <= length) {
      alpha = new Float64Array(length * 2 + 1);
      beta = new Float64Array(length * 2 + 1);
    }
    alpha.fill(-Infinity, 0, length + 1);
    beta.fill(-Infinity, 0, length + 1);
    alpha[0] = 0;
    beta[length] = 0;
    for (let edge = first; edge < last; edge++) {
      const score = edgeScore(edges, edge, model);
      if (Number.isNaN(score)) continue;
      const end = edges.ends[edge]!;
      alpha[end] = logSumExp(alpha[end]!, alpha[edges.starts[edge]!]! + score);
    }
    for (let edge = last - 1; edge >= first; edge--) {
      const score = edgeScore(edges, edge, model);
      if (Number.isNaN(score)) continue;
      const start = edges.starts[edge]!;
      beta[start] = logSumExp(beta[start]!, beta[edges.ends[edge]!]! + score);
    }
    const normalizer = alpha[length]!;
    const count = counts[word]!;
    likelihood += count * normalizer;
    for (let edge = first; edge < last; edge++) {
      const piece = edges.pieces[edge]!;
      if (piece < 0 || model.alive[piece] !== 1) continue;
      expected[piece]! += count * Math.exp(alpha[edges.starts[edge]!]! + model.scores[piece]! + beta[edges.ends[edge]!]! - normalizer);
    }
  }
  return likelihood;
}

/**
 * The best segmentation of `word` (spm's Lattice::Viterbi): the edge indices of the path in
 * order, written into `path`; returns the path length.
 */
export function viterbiPath(edges: EdgeList, word: number, model: PieceScores, path: Int32Array, best: Float64Array, backPointer: Int32Array): number {
  const length = edges.lengths[word]!;
  const first = edges.edgeOffsets[word]!;
  const last = edges.edgeOffsets[word + 1]!;
  best.fill(-Infinity, 0, length + 1);
  best[0] = 0;
  for (let edge = first; edge < last; edge++) {
    const score = edgeScore(edges, edge, model);
    if (Number.isNaN(score)) continue;
    const end = edges.ends[edge]!;
    const candidate = best[edges.starts[edge]!]! + score;
    // Strictly greater: among equal scores the first edge (earliest start) wins, as in spm.
    if (candidate > best[end]!) {
      best[end] = candidate;
      backPointer[end] = edge;
    }
  }
  let size = 0;
  for (let position = length; position > 0; position = edges.starts[backPointer[position]!]!) path[size++] = backPointer[position]!;
  path.subarray(0, size).reverse();
  return size;
}

/**
 * The two best segmentations of one text (spm's Lattice::NBest(2)), as lists of piece ids
 * (-1 for unknown nodes); the second is undefined when the text has only one segmentation.
 */
export function twoBestSegmentations(edges: EdgeList, word: number, model: PieceScores): [number[], number[] | undefined] {
  const length = edges.lengths[word]!;
  const first = edges.edgeOffsets[word]!;
  const last = edges.edgeOffsets[word + 1]!;
  // Per position the best two partial paths: score, last edge, and the rank of the path it extends.
  const score = [new Float64Array(length + 1).fill(-Infinity), new Float64Array(length + 1).fill(-Infinity)];
  const edgeOf = [new Int32Array(length + 1), new Int32Array(length + 1)];
  const rankOf = [new Int32Array(length + 1), new Int32Array(length + 1)];
  score[0]![0] = 0;
  for (let edge = first; edge < last; edge++) {
    const edgeValue = edgeScore(edges, edge, model);
    if (Number.isNaN(edgeValue)) continue;
    const start = edges.starts[edge]!;
    const end = edges.ends[edge]!;
    for (let rank = 0; rank < 2; rank++) {
      const candidate = score[rank]![start]! + edgeValue;
      if (candidate === -Infinity) continue;
      if (candidate > score[0]![end]!) {
        score[1]![end] = score[0]![end]!;
        edgeOf[1]![end] = edgeOf[0]![end]!;
        rankOf[1]![end] = rankOf[0]![end]!;
        score[0]![end] = candidate;
        edgeOf[0]![end] = edge;
        rankOf[0]![end] = rank;
      } else if (candidate > score[1]![end]!) {
        score[1]![end] = candidate;
        edgeOf[1]![end] = edge;
        rankOf[1]![end] = rank;
      }
    }
  }
  const trace = (rank: number): number[] => {
    const pieces: number[] = [];
    for (let position = length; position > 0; ) {
      const edge = edgeOf[rank]![position]!;
      const piece = edges.pieces[edge]!;
      pieces.push(piece >= 0 && model.alive[piece] === 1 ? piece : -1);
      rank = rankOf[rank]![position]!;
      position = edges.starts[edge]!;
    }
    return pieces.reverse();
  };
  return [trace(0), score[1]![length]! === -Infinity ? undefined : trace(1)];
}
