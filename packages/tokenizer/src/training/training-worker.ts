// Worker thread entry (dist/training-worker.js): counts words of sentence batches, then holds one
// shard of the word table and runs the Unigram E step and Viterbi counts over it per request.
import { parentPort } from 'node:worker_threads';
import type { TrainingRequest, TrainingResponse } from './training-workers.js';
import { PieceTrie } from './piece-trie.js';
import { SentenceCounter, wordTableWordsAtMost } from './sentence-counter.js';
import { UnigramLattices, type PieceScores } from './unigram-lattice.js';
import { pruningLosses } from './unigram-pruning.js';
import type { WordFrequencyTableData } from './word-frequency-table.js';

let counter: SentenceCounter | undefined;

// Words in a worker's table before it is handed over (about 2 MB of arrays).
const partialTableWords = 1 << 16;
// The most a worker's table holds: it is handed over after the batch that reaches
// partialTableWords, and a batch (at most 2^17 characters plus one sentence, see countWords in
// sentencepiece-trainer.ts) adds at most one word per character. Only this much address space
// is reserved (every worker has such a table); a bigger batch would still fit, by one copy.
const handOverTableWords = partialTableWords + (1 << 17) + (1 << 13);

// A table's arrays, moved (transferred) rather than copied.
function buffersOf(table: WordFrequencyTableData): ArrayBuffer[] {
  return [table.bytes.buffer, table.starts.buffer, table.lengths.buffer, table.counts.buffer, ...(table.finalCounts ? [table.finalCounts.buffer] : [])] as ArrayBuffer[];
}
let lattices: { lattices: UnigramLattices; model: PieceScores; trie: PieceTrie; result: Float64Array; frequency: Float64Array } | undefined;

function handle(request: TrainingRequest): [TrainingResponse, ArrayBuffer[]] {
  switch (request.type) {
    case 'count-start':
      counter = new SentenceCounter(request.settings, Math.min(handOverTableWords, wordTableWordsAtMost(request.settings.maximumWordTableSize)));
      return [{}, []];
    case 'count': {
      if (!counter) throw new Error('count before count-start');
      for (const sentence of request.sentences) counter.add(sentence);
      if (counter.words.size < partialTableWords) return [{}, []];
      // A full table goes to the calling thread, which adds it to the whole corpus's table:
      // worker tables stay small, and their memory is reused for the next one.
      const table = counter.takeWords();
      return [{ table }, buffersOf(table)];
    }
    case 'count-finish': {
      if (!counter) throw new Error('count-finish before count-start');
      const table = counter.takeWords();
      const response: TrainingResponse = { table, skippedEmpty: counter.skippedEmpty, prunedWordOccurrences: counter.prunedWordOccurrences };
      counter = undefined;
      return [response, buffersOf(table)];
    }
    case 'lattices':
      lattices = { lattices: new UnigramLattices(request.table, request.pieces, request.maximumPieceLength, request.firstWord, request.lastWord), model: request.model, trie: new PieceTrie(request.trie), result: request.result, frequency: request.frequency };
      return [{}, []];
    case 'expected': {
      if (!lattices) throw new Error('expected before lattices');
      lattices.model.unknownScore = request.unknownScore;
      lattices.lattices.serveWords(request.firstWord, request.lastWord);
      const started = performance.now();
      lattices.lattices.expectedCounts(lattices.trie, lattices.model, request.scale, request.unknownPiece, lattices.result);
      return [{ milliseconds: performance.now() - started }, []];
    }
    case 'viterbi': {
      if (!lattices) throw new Error('viterbi before lattices');
      lattices.model.unknownScore = request.unknownScore;
      lattices.lattices.serveWords(request.firstWord, request.lastWord);
      const started = performance.now();
      lattices.lattices.viterbiFrequencies(lattices.trie, lattices.model, request.unknownPiece, lattices.result);
      return [{ milliseconds: performance.now() - started }, []];
    }
    case 'pruning-losses': {
      if (!lattices) throw new Error('pruning-losses before lattices');
      lattices.model.unknownScore = request.unknownScore;
      pruningLosses(lattices.lattices, lattices.trie, lattices.model, lattices.frequency, request.round, request.firstPiece, request.lastPiece, lattices.model.weights);
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
