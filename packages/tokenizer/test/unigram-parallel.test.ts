import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sentencePieceTrainer, serializeModel } from '../src/index.js';
import { coveredWordTable, requiredCharactersOf } from '../src/training/covered-words.js';
import { PieceTrie } from '../src/training/piece-trie.js';
import { SentenceCounter } from '../src/training/sentence-counter.js';
import { resolveTrainerOptions } from '../src/training/trainer-options.js';
import { UnigramLattices, type PieceScores } from '../src/training/unigram-lattice.js';
import { unigramSeedPiecesOfTable } from '../src/training/unigram-seeds.js';
import { pruningBoundaries, pruningLosses } from '../src/training/unigram-pruning.js';
import { learnUnigramPieces, type UnigramExecutorFactory } from '../src/training/unigram-trainer.js';
import { ThreadShares } from '../src/training/unigram-thread-shares.js';
import { randomGenerator } from './helpers/near-tie-pieces.js';
import { floresFiles } from './helpers/reference-tools.js';

type TokenizerModule = typeof import('../src/index.js');

// Training must give the same model whatever the number of threads: the E step's partial sums
// are exact (contributions rounded to a fixed grid), so the order of adding shards cannot matter.
let lines: string[];
beforeAll(() => {
  lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 40));
});

function wordTableOf(sentences: readonly string[]) {
  const counter = new SentenceCounter({ normalizerSpec: { name: 'identity', addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true }, metaPieces: ['<unk>', '<s>', '</s>'], splitByWhitespace: true, treatWhitespaceAsSuffix: false, allowWhitespaceOnlyPieces: false, maximumWordTableSize: 1e7 });
  for (const sentence of sentences) counter.add(sentence);
  const { required } = requiredCharactersOf(counter.words, 0.9995);
  return { table: coveredWordTable(counter.words, required), required };
}

// An executor that splits the table into `shards` ranges on the calling thread, as the workers do.
// The split moves after every step, as ThreadShares moves it by measured speed (here by made-up
// times from a seeded generator), and the pieces are split by made-up speeds too: no split may
// change the model.
function shardedExecutor(shards: number): UnigramExecutorFactory {
  return async (table, pieces, model, trieArrays, maximumPieceLength) => {
    const shares = new ThreadShares(table.offsets, shards);
    const random = randomGenerator(shards);
    const parts = Array.from({ length: shards }, (_, shard) => new UnigramLattices(table, pieces, maximumPieceLength, shares.boundaries[shard]!, shares.boundaries[shard + 1]!));
    const trie = new PieceTrie(trieArrays);
    const pieceCount = pieces.starts.length;
    let total = new Float64Array(pieceCount);
    const gather = (run: (lattices: UnigramLattices, into: Float64Array) => void): Float64Array => {
      total = new Float64Array(pieceCount);
      // Shards added in reverse order on purpose: the sums must not depend on it.
      for (let shard = shards - 1; shard >= 0; shard--) {
        const part = new Float64Array(pieceCount);
        parts[shard]!.serveWords(shares.boundaries[shard]!, shares.boundaries[shard + 1]!);
        run(parts[shard]!, part);
        for (let piece = 0; piece < pieceCount; piece++) total[piece]! += part[piece]!;
      }
      shares.update(parts.map(() => 1 + random() * 9));
      return total;
    };
    return {
      expectedCounts: async (scale, unknownPiece) => gather((lattices, into) => lattices.expectedCounts(trie, model, scale, unknownPiece, into)),
      viterbiFrequencies: async (unknownPiece) => gather((lattices, into) => lattices.viterbiFrequencies(trie, model, unknownPiece, into)),
      // The pieces split as the workers split them, ranges in reverse order.
      pruningLosses: async (round) => {
        const pieceBoundaries = pruningBoundaries(pieces, model.alive, parts.map(() => random()));
        for (let shard = shards - 1; shard >= 0; shard--) pruningLosses(parts[shard]!, trie, model, total, round, pieceBoundaries[shard]!, pieceBoundaries[shard + 1]!, model.weights);
      },
      close: async () => {},
    };
  };
}

describe('Unigram training on shards', () => {
  it('gives the same pieces and scores for 1, 2 and 5 shards, however they are split (exact partial sums)', async () => {
    const { table, required } = wordTableOf(lines);
    const options = resolveTrainerOptions({ vocabularySize: 1500, normalizationRuleName: 'identity' });
    const results = [];
    for (const shards of [1, 2, 5]) results.push(await learnUnigramPieces(table, required, 1497, options, options, undefined, shardedExecutor(shards)));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]!.length).toBe(1497);
  });

  it('expected counts of a word sum to its count times the expected number of tokens, and each piece is reachable', () => {
    const { table } = wordTableOf(lines.slice(0, 50));
    const options = resolveTrainerOptions({ vocabularySize: 500, normalizationRuleName: 'identity' });
    const { pieces, scores, lexicographicOrder } = unigramSeedPiecesOfTable(table, 1e6, options);
    const alive = new Uint8Array(scores.length).fill(1);
    const model: PieceScores = { scores, alive, weights: scores.map(Math.exp), unknownScore: Math.min(...scores) - 10 };
    const trie = PieceTrie.build(pieces, lexicographicOrder, alive);
    // Every seed is found by the trie at the start of its own string.
    for (let piece = 0; piece < scores.length; piece += 97) {
      let node = 0;
      for (let index = 0; index < pieces.lengths[piece]!; index++) node = trie.child(node, pieces.symbols[pieces.starts[piece]! + index]!);
      expect(trie.nodePiece[node]).toBe(piece);
    }
    const lattices = new UnigramLattices(table, pieces, options.maxSentencepieceLength);
    const scale = 2 ** 30;
    const expected = lattices.expectedCounts(trie, model, scale, -1, new Float64Array(scores.length));
    const frequency = lattices.viterbiFrequencies(trie, model, -1, new Float64Array(scores.length));
    // Expected tokens lie between the fewest possible and the characters; Viterbi tokens likewise.
    const expectedTokens = expected.reduce((sum, value) => sum + value, 0) / scale;
    const viterbiTokens = frequency.reduce((sum, value) => sum + value, 0);
    let characters = 0;
    let words = 0;
    for (let word = 0; word < table.counts.length; word++) {
      characters += table.counts[word]! * (table.offsets[word + 1]! - table.offsets[word]!);
      words += table.counts[word]!;
    }
    expect(expectedTokens).toBeGreaterThanOrEqual(words);
    expect(expectedTokens).toBeLessThanOrEqual(characters);
    expect(viterbiTokens).toBeGreaterThanOrEqual(words);
    expect(viterbiTokens).toBeLessThanOrEqual(expectedTokens * 1.5);
  });
});

describe('Unigram training on worker threads (built package)', () => {
  // The real worker path runs from the built package (turbo builds before tests in CI).
  it('counts and trains on 1, 2 and 3 threads (Unigram: the calling thread plus 0, 1 and 2 workers) and gives the model threads 0 gives, byte for byte', async () => {
    const entry = new URL('../dist/index.js', import.meta.url);
    expect(existsSync(fileURLToPath(entry)), 'build the package first: pnpm --filter @oellm/tokenizer build').toBe(true);
    expect(existsSync(fileURLToPath(new URL('../dist/training-worker.js', import.meta.url)))).toBe(true);
    const built = (await import(/* @vite-ignore */ entry.href)) as TokenizerModule;
    const options = { vocabularySize: 2000, modelType: 'unigram' as const, normalizationRuleName: 'identity' as const, userDefinedSymbols: ['<mask>'] };
    const inline = serializeModel((await built.sentencePieceTrainer.trainModel(lines, { ...options, threads: 0 })).model);
    for (const threads of [1, 2, 3]) {
      const { model, statistics } = await built.sentencePieceTrainer.trainModel(lines, { ...options, threads });
      expect(statistics.sentences).toBe(lines.length);
      expect(Buffer.from(serializeModel(model)).equals(Buffer.from(inline)), `${threads} threads`).toBe(true);
    }
  }, 120_000);

  it('in source mode (no worker entry) trains inline whatever threads says', async () => {
    const options = { vocabularySize: 800, modelType: 'unigram' as const, normalizationRuleName: 'identity' as const };
    const first = await sentencePieceTrainer.trainModel(lines.slice(0, 400), { ...options, threads: 0 });
    const second = await sentencePieceTrainer.trainModel(lines.slice(0, 400), { ...options, threads: 2 });
    expect(Buffer.from(serializeModel(second.model)).equals(Buffer.from(serializeModel(first.model)))).toBe(true);
  }, 60_000);

  it('rejects a negative thread count', async () => {
    await expect(sentencePieceTrainer.trainModel(['a b'], { vocabularySize: 10, threads: -1 })).rejects.toThrow(/threads/);
  });
});
