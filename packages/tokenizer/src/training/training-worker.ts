// Worker thread entry (dist/training-worker.js): counts words of sentence batches, then holds one
// shard of the word table and runs the Unigram E step and Viterbi counts over it per request.
import { parentPort } from 'node:worker_threads';
import type { TrainingRequest, TrainingResponse } from './training-workers.js';
import { PieceTrie } from './piece-trie.js';
import { SentenceCounter } from './sentence-counter.js';
import { UnigramLattices, type PieceScores } from './unigram-lattice.js';

let counter: SentenceCounter | undefined;
let lattices: { lattices: UnigramLattices; model: PieceScores; trie: PieceTrie; result: Float64Array } | undefined;

function handle(request: TrainingRequest): [TrainingResponse, ArrayBuffer[]] {
  switch (request.type) {
    case 'count-start':
      counter = new SentenceCounter(request.settings);
      return [{}, []];
    case 'count':
      if (!counter) throw new Error('count before count-start');
      for (const sentence of request.sentences) counter.add(sentence);
      return [{}, []];
    case 'count-finish': {
      if (!counter) throw new Error('count-finish before count-start');
      // The table's own arrays, moved (transferred) rather than copied: a trimmed copy would
      // double the table for a moment, on every worker at once (the counting phase's peak).
      const table = counter.words.arrays();
      const response: TrainingResponse = { table, skippedEmpty: counter.skippedEmpty, prunedWordOccurrences: counter.prunedWordOccurrences };
      counter = undefined;
      return [response, [table.bytes.buffer, table.starts.buffer, table.lengths.buffer, table.counts.buffer] as ArrayBuffer[]];
    }
    case 'lattices':
      lattices = { lattices: new UnigramLattices(request.table, request.pieces, request.maximumPieceLength, request.firstWord, request.lastWord), model: request.model, trie: new PieceTrie(request.trie), result: request.result };
      return [{}, []];
    case 'expected': {
      if (!lattices) throw new Error('expected before lattices');
      lattices.model.unknownScore = request.unknownScore;
      lattices.lattices.expectedCounts(lattices.trie, lattices.model, request.scale, request.unknownPiece, lattices.result);
      return [{}, []];
    }
    case 'viterbi': {
      if (!lattices) throw new Error('viterbi before lattices');
      lattices.model.unknownScore = request.unknownScore;
      lattices.lattices.viterbiFrequencies(lattices.trie, lattices.model, request.unknownPiece, lattices.result);
      return [{}, []];
    }
  }
}

parentPort?.on('message', (request: TrainingRequest) => {
  let reply: [TrainingResponse, ArrayBuffer[]];
  try {
    reply = handle(request);
  } catch (error) {
    reply = [{ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, []];
  }
  parentPort!.postMessage(reply[0], reply[1]);
});
