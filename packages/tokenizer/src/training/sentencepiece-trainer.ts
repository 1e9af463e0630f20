import { InputError, type TokenizerTrainerV1, type TrainedTokenizer, type TrainingCorpus } from '@oellm/core';
import { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';
import { writeModelFile } from '../model/model-file.js';
import { ModelType, PieceType, type ModelProto, type SentencePiece } from '../model/model-proto.js';
import { writeVocabularyFile } from '../model/vocab-file.js';
import { availableParallelism } from 'node:os';
import { normalizationRuleNames } from '../normalizer/normalization-rules.js';
import { precompiledCharsmap } from '../normalizer/precompiled-charsmaps.js';
import { learnBpeMerges, type BpeWords, type ScoredPiece } from './bpe-merges.js';
import { initializeMetaPieces } from './meta-pieces.js';
import { unknownCharacter } from './piece-validity.js';
import { readTrainingCorpus } from './read-training-corpus.js';
import { createSeededRandom } from './seeded-random.js';
import { resolveTrainerOptions, type ResolvedTrainerOptions, type SentencePieceTrainerOptions } from './trainer-options.js';
import { SentenceCounter, type SentenceCounterSettings, wordTableWordsAtMost } from './sentence-counter.js';
import { TrainingWorkerPool, workerUnigramExecutor, type TrainingResponse } from './training-workers.js';
import { learnUnigramPieces } from './unigram-trainer.js';
import { coveredBpeWords, coveredWordTable, requiredCharactersOf } from './covered-words.js';
import { releaseTableData, WordFrequencyTable } from './word-frequency-table.js';

/** Counts of what training read and skipped (nothing is dropped silently). */
export interface TrainingStatistics {
  sentences: number;
  skippedTooLong: number;
  skippedEmpty: number;
  skippedReservedCharacter: number;
  words: number;
  prunedWordOccurrences: number;
  requiredCharacters: number;
  characterCoverage: number;
}

const unknownString = String.fromCodePoint(unknownCharacter);

/**
 * spm_train's options ({@link SentencePieceTrainerOptions}) plus `threads`: worker threads that
 * count words, and the threads of the Unigram E step (the calling thread plus `threads` − 1
 * workers) (default: the machine's parallelism, at most 8; 0 = everything on the calling thread). The model is the same for every thread count. Workers
 * load from the built package; from TypeScript sources training runs inline.
 */
export interface SentencePieceTrainingOptions extends SentencePieceTrainerOptions {
  threads?: number;
}

/**
 * Trains SentencePiece models in TypeScript with spm_train's options and defaults; the
 * result loads in spm_encode and sentencepiece-js. Sentences stream into a word-frequency
 * table capped at `maximumWordTableSize` entries, so the corpus is never held in memory.
 * Model types: `unigram` (spm's default: seed substrings, EM, likelihood pruning) and `bpe`.
 *
 * @example
 * ```ts
 * import { sentencePieceTrainer } from '@oellm/tokenizer';
 * const { tokenizer, save } = await sentencePieceTrainer.train(lines, { vocabularySize: 4000, modelType: 'bpe' });
 * await save('out/eu'); // out/eu.model + out/eu.vocab
 * ```
 */
export const sentencePieceTrainer: TokenizerTrainerV1<SentencePieceTrainingOptions> & {
  trainModel(corpus: TrainingCorpus, options: SentencePieceTrainingOptions): Promise<{ model: ModelProto; statistics: TrainingStatistics }>;
  /**
   * Trains from a word table counted by {@link countTrainingWords} with the same options
   * (possibly on other machines, merged with `WordFrequencyTable.merge`). `statistics` are the
   * counting's, carried into the result.
   */
  trainModelFromWords(words: WordFrequencyTable, options: SentencePieceTrainingOptions, statistics?: TrainingStatistics): Promise<{ model: ModelProto; statistics: TrainingStatistics }>;
} = {
  specificationVersion: 'v1',
  name: 'sentencepiece',
  async train(corpus, options): Promise<TrainedTokenizer> {
    const { model } = await this.trainModel(corpus, options);
    const tokenizer = new SentencePieceTokenizer(model, { name: 'sentencepiece' });
    return {
      tokenizer,
      async save(pathPrefix) {
        await writeModelFile(`${pathPrefix}.model`, model);
        await writeVocabularyFile(`${pathPrefix}.vocab`, model);
        return [`${pathPrefix}.model`, `${pathPrefix}.vocab`];
      },
    };
  },
  async trainModel(corpus, given) {
    const setup = prepareTraining(given);
    // No local keeps the counted table: learnFromWords drops it once converted, so it is freed before the peak.
    // owned: the table is ours to release once converted (not a caller's, as in trainModelFromWords).
    const counted: { words?: WordFrequencyTable; statistics: TrainingStatistics; owned: boolean } = { ...(await countWithSetup(corpus, setup)), owned: true };
    return await learnFromWords(counted, setup.options, setup.metaPieces, setup.normalizerSpec, counted.statistics, setup.threads);
  },
  async trainModelFromWords(words, given, statistics) {
    const setup = prepareTraining(given);
    return await learnFromWords({ words }, setup.options, setup.metaPieces, setup.normalizerSpec, statistics ? { ...statistics } : emptyStatistics(), setup.threads);
  },
};

/**
 * The first half of training: streams a corpus into a word-frequency table as training does
 * (normalised with the options' rules, meta pieces cut out, split into words, capped at
 * `maximumWordTableSize`), counting on `threads` workers. Tables counted on several machines
 * merge with `WordFrequencyTable.merge` (store one with `data()`, load with `fromData`); train
 * from the result with `sentencePieceTrainer.trainModelFromWords` and the same options.
 *
 * @example
 * ```ts
 * import { countTrainingWords, sentencePieceTrainer, WordFrequencyTable } from '@oellm/tokenizer';
 * const options = { vocabularySize: 32000 };
 * const part = await countTrainingWords(linesOfThisMachine, options);
 * const all = part.words.merge(WordFrequencyTable.fromData(tableFromAnotherMachine));
 * const { model } = await sentencePieceTrainer.trainModelFromWords(all, options);
 * ```
 */
export async function countTrainingWords(corpus: TrainingCorpus, options: SentencePieceTrainingOptions): Promise<{ words: WordFrequencyTable; statistics: TrainingStatistics }> {
  return countWithSetup(corpus, prepareTraining(options));
}

interface TrainingSetup {
  options: ResolvedTrainerOptions;
  threads: number;
  metaPieces: Map<number, [string, number]>;
  normalizerSpec: NonNullable<ModelProto['normalizerSpec']>;
  counterSettings: SentenceCounterSettings;
}

function prepareTraining(given: SentencePieceTrainingOptions): TrainingSetup {
  const options = resolveTrainerOptions(given);
  validateOptions(options);
  const threads = threadCount(given.threads);
  const metaPieces = initializeMetaPieces(options);
  // The rules are generated here from Unicode data (String.prototype.normalize), not copied from spm.
  const charsmap = precompiledCharsmap(options.normalizationRuleName);
  const normalizerSpec = { name: options.normalizationRuleName, precompiledCharsmap: charsmap, addDummyPrefix: options.addDummyPrefix, removeExtraWhitespaces: options.removeExtraWhitespaces, escapeWhitespaces: true };
  const counterSettings: SentenceCounterSettings = {
    normalizerSpec,
    metaPieces: [...metaPieces.values()].map(([piece]) => piece),
    splitByWhitespace: options.splitByWhitespace,
    treatWhitespaceAsSuffix: options.treatWhitespaceAsSuffix,
    allowWhitespaceOnlyPieces: options.allowWhitespaceOnlyPieces,
    maximumWordTableSize: options.maximumWordTableSize,
  };
  return { options, threads, metaPieces, normalizerSpec, counterSettings };
}

function emptyStatistics(): TrainingStatistics {
  return { sentences: 0, skippedTooLong: 0, skippedEmpty: 0, skippedReservedCharacter: 0, words: 0, prunedWordOccurrences: 0, requiredCharacters: 0, characterCoverage: 0 };
}

// Counting gets its own workers, ended before the seed search (the memory peak) starts.
async function countWithSetup(corpus: TrainingCorpus, setup: TrainingSetup): Promise<{ words: WordFrequencyTable; statistics: TrainingStatistics }> {
  const statistics = emptyStatistics();
  const pool = TrainingWorkerPool.create(setup.threads);
  try {
    return { words: await countWords(corpus, setup.options, setup.counterSettings, statistics, pool), statistics };
  } finally {
    await pool?.close();
  }
}

/** Threads to train on: `threads` if given, else the machine's parallelism (at most 8). */
function threadCount(threads: number | undefined): number {
  if (threads === undefined) return Math.min(8, availableParallelism());
  if (!Number.isSafeInteger(threads) || threads < 0) throw new InputError({ code: 'invalid_options', message: `threads must be a non-negative integer, not ${threads}`, location: { field: 'threads' } });
  return threads;
}

// Streams the corpus into the word table: sentences are checked here and counted on the workers
// (batches round robin, at most two in flight per worker), or inline without workers.
async function countWords(corpus: TrainingCorpus, options: ResolvedTrainerOptions, settings: SentenceCounterSettings, statistics: TrainingStatistics, pool: TrainingWorkerPool | undefined): Promise<WordFrequencyTable> {
  const progress = options.progress;
  const sample = options.inputSentenceSize > 0 ? new ReservoirSample(options.inputSentenceSize, options.randomSeed) : undefined;
  const inline = pool ? undefined : new SentenceCounter(settings);
  const inFlight: Promise<unknown>[][] = pool ? Array.from({ length: pool.size }, () => []) : [];
  if (pool) await Promise.all(inFlight.map((_, worker) => pool.request(worker, { type: 'count-start', settings })));
  let batch: string[] = [];
  let batchCharacters = 0;
  let nextWorker = 0;
  // Workers hand over their tables whenever they fill (see training-worker.ts); each is added
  // here at once, so the whole corpus's table exists once, on this thread, as without workers.
  const merged = new WordFrequencyTable(1024, 8192, { words: wordTableWordsAtMost(options.maximumWordTableSize) });
  const addPartial = (response: TrainingResponse): void => {
    if (response.table) {
      merged.addData(response.table);
      releaseTableData(response.table); // its memory now, not at some later collection
    }
    if (merged.size > options.maximumWordTableSize) statistics.prunedWordOccurrences += merged.prune(options.maximumWordTableSize);
  };
  const flush = async (): Promise<void> => {
    if (!pool || batch.length === 0) return;
    const queue = inFlight[nextWorker]!;
    if (queue.length >= 2) await queue.shift();
    queue.push(pool.request(nextWorker, { type: 'count', sentences: batch }).then(addPartial));
    nextWorker = (nextWorker + 1) % pool.size;
    batch = [];
    batchCharacters = 0;
  };
  const count = async (sentence: string): Promise<void> => {
    if (inline) return inline.add(sentence);
    batch.push(sentence);
    batchCharacters += sentence.length;
    // Small batches: the one being filled outlives young-generation collections here and in the
    // worker, and bigger ones made both heaps grow (memory, not speed, was what they cost).
    if (batchCharacters >= 1 << 17 || batch.length >= 2048) await flush();
  };
  progress?.({ type: 'start', task: 'count', unit: 'rows', label: 'counting words' });
  for await (const text of readTrainingCorpus(corpus, options.signal)) {
    for (const sentence of text.split('\n')) {
      if (sentence === '') continue;
      if (Buffer.byteLength(sentence) > options.maxSentenceLength) {
        statistics.skippedTooLong++;
        continue;
      }
      if (sentence.includes(unknownString)) {
        statistics.skippedReservedCharacter++;
        continue;
      }
      statistics.sentences++;
      if (sample) sample.add(sentence);
      else await count(sentence);
      if (statistics.sentences % 10_000 === 0) progress?.({ type: 'advance', task: 'count', completed: statistics.sentences });
    }
  }
  if (sample) for (const sentence of sample.items) await count(sentence);
  await flush();
  let words: WordFrequencyTable;
  if (inline) {
    words = inline.words;
    statistics.skippedEmpty += inline.skippedEmpty;
    statistics.prunedWordOccurrences += inline.prunedWordOccurrences;
  } else {
    await Promise.all(inFlight.flat());
    const tables = await Promise.all(inFlight.map((_, worker) => pool!.request(worker, { type: 'count-finish' })));
    await pool!.close(); // before training allocates: the workers' memory is released first
    // Partial tables merge by adding counts (the merged table is sorted before use).
    for (const table of tables) {
      addPartial(table);
      statistics.skippedEmpty += table.skippedEmpty!;
      statistics.prunedWordOccurrences += table.prunedWordOccurrences!;
    }
    words = merged;
  }
  progress?.({ type: 'end', task: 'count' });
  return words;
}

async function learnFromWords(
  counted: { words?: WordFrequencyTable; owned?: boolean },
  options: ResolvedTrainerOptions,
  metaPieces: Map<number, [string, number]>,
  normalizerSpec: ModelProto['normalizerSpec'],
  statistics: TrainingStatistics,
  threads: number,
): Promise<{ model: ModelProto; statistics: TrainingStatistics }> {
    const progress = options.progress;
    if (counted.words!.size === 0) throw new InputError({ code: 'empty_corpus', message: `the training corpus has no usable sentences (read ${statistics.sentences}, too long ${statistics.skippedTooLong}); give non-empty text` });
    statistics.words = counted.words!.size;

    const { required, coverage } = requiredCharactersOf(counted.words!, options.characterCoverage);
    statistics.requiredCharacters = required.length;
    statistics.characterCoverage = coverage;
    const wanted = options.vocabularySize - metaPieces.size - required.length;
    if (wanted < 0) {
      throw new InputError({ code: 'vocabulary_too_small', message: `vocabularySize ${options.vocabularySize} is smaller than the ${required.length} required characters plus ${metaPieces.size} special pieces; raise vocabularySize or lower characterCoverage` });
    }
    if (options.modelType === 'unigram') {
      progress?.({ type: 'start', task: 'unigram', unit: 'steps', label: 'Unigram EM and pruning rounds' });
      let rounds = 0;
      const table = coveredWordTable(counted.words!, required);
      if (counted.owned) counted.words!.release();
      counted.words = undefined; // the typed table replaces the counted one (less memory while training)
      const pieces = await learnUnigramPieces(table, required, options.vocabularySize - metaPieces.size, options, options, () => progress?.({ type: 'advance', task: 'unigram', completed: ++rounds }), workerUnigramExecutor(threads));
      progress?.({ type: 'end', task: 'unigram' });
      if (pieces.length < options.vocabularySize - metaPieces.size) {
        const feasible = metaPieces.size + pieces.length;
        throw new InputError({ code: 'vocabulary_too_large', message: `the corpus supports at most ${feasible} pieces (vocabularySize ${options.vocabularySize} is too high); set vocabularySize <= ${feasible}` });
      }
      return { model: assembleModel(options, metaPieces, pieces, normalizerSpec), statistics };
    }
    progress?.({ type: 'start', task: 'merges', unit: 'steps', total: wanted, label: 'BPE merges' });
    // Passed without a local: the merge loop drops the words once they are in its own arrays.
    const merges = learnBpeMerges(takeCoveredBpeWords(counted, required), wanted, options, (count) => progress?.({ type: 'advance', task: 'merges', completed: count }));
    progress?.({ type: 'end', task: 'merges' });
    if (merges.length < wanted) {
      const feasible = options.vocabularySize - (wanted - merges.length);
      throw new InputError({ code: 'vocabulary_too_large', message: `the corpus supports at most ${feasible} pieces (vocabularySize ${options.vocabularySize} is too high); set vocabularySize <= ${feasible}` });
    }
    const finalPieces: ScoredPiece[] = [...merges];
    for (const [character] of required) finalPieces.push({ piece: String.fromCodePoint(character), score: -finalPieces.length });
    return { model: assembleModel(options, metaPieces, finalPieces, normalizerSpec), statistics };
}

// The counted table's covered words for BPE; the table itself is dropped (less memory while merging).
function takeCoveredBpeWords(counted: { words?: WordFrequencyTable; owned?: boolean }, required: readonly [number, number][]): BpeWords {
  const words = coveredBpeWords(counted.words!, required);
  if (counted.owned) counted.words!.release();
  counted.words = undefined;
  return words;
}

function validateOptions(options: ResolvedTrainerOptions): void {
  const fail = (field: string, message: string): never => {
    throw new InputError({ code: 'invalid_options', message, location: { field } });
  };
  if (!Number.isSafeInteger(options.vocabularySize) || options.vocabularySize <= 0) fail('vocabularySize', 'must be a positive integer');
  if (options.modelType !== 'bpe' && options.modelType !== 'unigram') fail('modelType', `'${options.modelType}' is not a model type; use 'unigram' or 'bpe'`);
  if (!Number.isSafeInteger(options.seedSentencepieceSize) || options.seedSentencepieceSize <= 0) fail('seedSentencepieceSize', 'must be a positive integer');
  if (!(options.shrinkingFactor > 0 && options.shrinkingFactor < 1)) fail('shrinkingFactor', 'must be in (0, 1)');
  if (!Number.isSafeInteger(options.numSubIterations) || options.numSubIterations <= 0) fail('numSubIterations', 'must be a positive integer');
  if (!(normalizationRuleNames as readonly string[]).includes(options.normalizationRuleName)) fail('normalizationRuleName', `'${options.normalizationRuleName}' is not available; use ${normalizationRuleNames.join(', ')}`);
  if (!(options.characterCoverage > 0 && options.characterCoverage <= 1)) fail('characterCoverage', 'must be in (0, 1]');
  if (!(options.maxSentencepieceLength > 0 && options.maxSentencepieceLength <= 512)) fail('maxSentencepieceLength', 'must be between 1 and 512');
  if (!Number.isSafeInteger(options.randomSeed)) fail('randomSeed', `must be an integer, not ${options.randomSeed}`);
}

function assembleModel(options: ResolvedTrainerOptions, metaPieces: Map<number, [string, number]>, finalPieces: { piece: string; score: number }[], normalizerSpec: ModelProto['normalizerSpec']): ModelProto {
  const pieces: SentencePiece[] = [];
  let next = 0;
  for (let id = 0; id < options.vocabularySize; id++) {
    const meta = metaPieces.get(id);
    if (meta) pieces.push({ piece: meta[0], score: 0, type: meta[1] });
    else if (next < finalPieces.length) pieces.push({ piece: finalPieces[next]!.piece, score: finalPieces[next++]!.score, type: PieceType.normal });
  }
  return {
    pieces,
    trainerSpec: {
      modelType: options.modelType === 'bpe' ? ModelType.bpe : ModelType.unigram,
      vocabSize: options.vocabularySize,
      characterCoverage: options.characterCoverage,
      inputSentenceSize: options.inputSentenceSize,
      maxSentenceLength: options.maxSentenceLength,
      maxSentencepieceLength: options.maxSentencepieceLength,
      // Recorded as spm_train records them (they only matter for Unigram training).
      seedSentencepieceSize: options.seedSentencepieceSize,
      shrinkingFactor: options.shrinkingFactor,
      numSubIterations: options.numSubIterations,
      splitByUnicodeScript: options.splitByUnicodeScript,
      splitByNumber: options.splitByNumber,
      splitByWhitespace: options.splitByWhitespace,
      treatWhitespaceAsSuffix: options.treatWhitespaceAsSuffix,
      allowWhitespaceOnlyPieces: options.allowWhitespaceOnlyPieces,
      splitDigits: options.splitDigits,
      controlSymbols: [...options.controlSymbols],
      userDefinedSymbols: [...options.userDefinedSymbols],
      byteFallback: options.byteFallback,
      vocabularyOutputPieceScore: true,
      hardVocabLimit: true,
      unkId: options.unkId,
      bosId: options.bosId,
      eosId: options.eosId,
      padId: options.padId,
      unkPiece: options.unkPiece,
      bosPiece: options.bosPiece,
      eosPiece: options.eosPiece,
      padPiece: options.padPiece,
    },
    normalizerSpec,
  };
}

/** Uniform sample of a stream (Algorithm R) with a seeded generator, so training is deterministic. */
class ReservoirSample {
  readonly items: string[] = [];
  private seen = 0;
  private readonly random: () => number;

  constructor(
    private readonly size: number,
    seed: number,
  ) {
    this.random = createSeededRandom(seed);
  }

  add(item: string): void {
    this.seen++;
    if (this.items.length < this.size) {
      this.items.push(item);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.size) this.items[slot] = item;
  }
}
