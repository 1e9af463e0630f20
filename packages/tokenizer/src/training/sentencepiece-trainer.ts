import { InputError, type TokenizerTrainerV1, type TrainedTokenizer, type TrainingCorpus } from '@oellm/core';
import { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';
import { writeModelFile } from '../model/model-file.js';
import { ModelType, PieceType, type ModelProto, type SentencePiece } from '../model/model-proto.js';
import { writeVocabularyFile } from '../model/vocab-file.js';
import { ByteTrie } from '../normalizer/byte-trie.js';
import { compileCharsmap, normalizationRules } from '../normalizer/compile-charsmap.js';
import { Normalizer } from '../normalizer/normalizer.js';
import { utf8Decoder, utf8Encoder } from '../normalizer/utf8.js';
import { learnBpeMerges, type ScoredPiece } from './bpe-merges.js';
import { initializeMetaPieces } from './meta-pieces.js';
import { boundaryCharacter, unknownCharacter } from './piece-validity.js';
import { readTrainingCorpus } from './read-training-corpus.js';
import { resolveTrainerOptions, type ResolvedTrainerOptions, type SentencePieceTrainerOptions } from './trainer-options.js';
import { learnUnigramPieces } from './unigram-trainer.js';
import { addWord, pruneWordCounts, splitIntoWords, type WordCounts } from './word-counts.js';

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
export const sentencePieceTrainer: TokenizerTrainerV1<SentencePieceTrainerOptions> & {
  trainModel(corpus: TrainingCorpus, options: SentencePieceTrainerOptions): Promise<{ model: ModelProto; statistics: TrainingStatistics }>;
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
    const options = resolveTrainerOptions(given);
    validateOptions(options);
    const progress = options.progress;
    const metaPieces = initializeMetaPieces(options);
    // The rules are generated here from Unicode data (String.prototype.normalize), not copied from spm.
    const charsmap = options.normalizationRuleName === 'identity' ? new Uint8Array(0) : compileCharsmap(normalizationRules(options.normalizationRuleName));
    const normalizerSpec = { name: options.normalizationRuleName, precompiledCharsmap: charsmap, addDummyPrefix: options.addDummyPrefix, removeExtraWhitespaces: options.removeExtraWhitespaces, escapeWhitespaces: true };
    // As in training spm: no user-defined-symbol matcher in the normaliser; meta pieces become boundaries instead.
    const normalizer = new Normalizer(normalizerSpec, options.treatWhitespaceAsSuffix);
    const metaMatcher = new ByteTrie();
    for (const [, [piece]] of metaPieces) metaMatcher.insert(utf8Encoder.encode(piece), 0);

    const statistics: TrainingStatistics = { sentences: 0, skippedTooLong: 0, skippedEmpty: 0, skippedReservedCharacter: 0, words: 0, prunedWordOccurrences: 0, requiredCharacters: 0, characterCoverage: 0 };
    const words: WordCounts = new Map();
    const sample = options.inputSentenceSize > 0 ? new ReservoirSample(options.inputSentenceSize) : undefined;
    progress?.({ type: 'start', task: 'count', unit: 'rows', label: 'counting words' });
    const countSentence = (sentence: string): void => {
      const normalized = replaceMetaPieces(normalizer.normalize(utf8Encoder.encode(sentence)), metaMatcher);
      if (normalized.length === 0) {
        statistics.skippedEmpty++;
        return;
      }
      for (const word of options.splitByWhitespace ? splitIntoWords(normalized, options.treatWhitespaceAsSuffix, options.allowWhitespaceOnlyPieces) : [normalized]) addWord(words, word);
      if (words.size > options.maximumWordTableSize) statistics.prunedWordOccurrences += pruneWordCounts(words, options.maximumWordTableSize);
    };
    for await (const text of readTrainingCorpus(corpus, options.signal)) {
      for (const sentence of text.split('\n')) {
        if (sentence === '') continue;
        if (utf8Encoder.encode(sentence).length > options.maxSentenceLength) {
          statistics.skippedTooLong++;
          continue;
        }
        if (sentence.includes(unknownString)) {
          statistics.skippedReservedCharacter++;
          continue;
        }
        statistics.sentences++;
        if (sample) sample.add(sentence);
        else countSentence(sentence);
        if (statistics.sentences % 10_000 === 0) progress?.({ type: 'advance', task: 'count', completed: statistics.sentences });
      }
    }
    if (sample) for (const sentence of sample.items) countSentence(sentence);
    progress?.({ type: 'end', task: 'count' });
    if (words.size === 0) throw new InputError({ code: 'empty_corpus', message: `the training corpus has no usable sentences (read ${statistics.sentences}, too long ${statistics.skippedTooLong}); give non-empty text` });
    statistics.words = words.size;

    const { required, coverage } = requiredCharacters(words, options);
    statistics.requiredCharacters = required.length;
    statistics.characterCoverage = coverage;
    const requiredSet = new Set(required.map(([character]) => character));
    const wordList: [string, number][] = [];
    const replaced = new Map<string, number>();
    for (const [word, count] of words) {
      let mapped = '';
      for (const character of word) mapped += requiredSet.has(character.codePointAt(0)!) ? character : unknownString;
      replaced.set(mapped, (replaced.get(mapped) ?? 0) + count);
    }
    for (const entry of replaced) wordList.push(entry);
    // A deterministic order (the table's insertion order depends on the input order).
    wordList.sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0));

    const wanted = options.vocabularySize - metaPieces.size - required.length;
    if (wanted < 0) {
      throw new InputError({ code: 'vocabulary_too_small', message: `vocabularySize ${options.vocabularySize} is smaller than the ${required.length} required characters plus ${metaPieces.size} special pieces; raise vocabularySize or lower characterCoverage` });
    }
    if (options.modelType === 'unigram') {
      progress?.({ type: 'start', task: 'unigram', unit: 'steps', label: 'Unigram EM and pruning rounds' });
      let rounds = 0;
      const pieces = learnUnigramPieces(wordList, required, options.vocabularySize - metaPieces.size, options, options, () => progress?.({ type: 'advance', task: 'unigram', completed: ++rounds }));
      progress?.({ type: 'end', task: 'unigram' });
      if (pieces.length < options.vocabularySize - metaPieces.size) {
        const feasible = metaPieces.size + pieces.length;
        throw new InputError({ code: 'vocabulary_too_large', message: `the corpus supports at most ${feasible} pieces (vocabularySize ${options.vocabularySize} is too high); set vocabularySize <= ${feasible}` });
      }
      return { model: assembleModel(options, metaPieces, pieces, normalizerSpec), statistics };
    }
    progress?.({ type: 'start', task: 'merges', unit: 'steps', total: wanted, label: 'BPE merges' });
    const merges = learnBpeMerges(wordList, wanted, options, (count) => progress?.({ type: 'advance', task: 'merges', completed: count }));
    progress?.({ type: 'end', task: 'merges' });
    if (merges.length < wanted) {
      const feasible = options.vocabularySize - (wanted - merges.length);
      throw new InputError({ code: 'vocabulary_too_large', message: `the corpus supports at most ${feasible} pieces (vocabularySize ${options.vocabularySize} is too high); set vocabularySize <= ${feasible}` });
    }
    const finalPieces: ScoredPiece[] = [...merges];
    for (const [character] of required) finalPieces.push({ piece: String.fromCodePoint(character), score: -finalPieces.length });
    return { model: assembleModel(options, metaPieces, finalPieces, normalizerSpec), statistics };
  },
};

function validateOptions(options: ResolvedTrainerOptions): void {
  const fail = (field: string, message: string): never => {
    throw new InputError({ code: 'invalid_options', message, location: { field } });
  };
  if (!Number.isSafeInteger(options.vocabularySize) || options.vocabularySize <= 0) fail('vocabularySize', 'must be a positive integer');
  if (options.modelType !== 'bpe' && options.modelType !== 'unigram') fail('modelType', `'${options.modelType}' is not a model type; use 'unigram' or 'bpe'`);
  if (!Number.isSafeInteger(options.seedSentencepieceSize) || options.seedSentencepieceSize <= 0) fail('seedSentencepieceSize', 'must be a positive integer');
  if (!(options.shrinkingFactor > 0 && options.shrinkingFactor < 1)) fail('shrinkingFactor', 'must be in (0, 1)');
  if (!Number.isSafeInteger(options.numSubIterations) || options.numSubIterations <= 0) fail('numSubIterations', 'must be a positive integer');
  if (!['identity', 'nmt_nfkc', 'nfkc'].includes(options.normalizationRuleName)) fail('normalizationRuleName', `'${options.normalizationRuleName}' is not available; use nmt_nfkc, nfkc or identity`);
  if (!(options.characterCoverage > 0 && options.characterCoverage <= 1)) fail('characterCoverage', 'must be in (0, 1]');
  if (!(options.maxSentencepieceLength > 0 && options.maxSentencepieceLength <= 512)) fail('maxSentencepieceLength', 'must be between 1 and 512');
}

// PrefixMatcher::GlobalReplace: every meta piece in the normalised text becomes a tab, so no
// learned piece spans or contains one.
function replaceMetaPieces(normalized: Uint8Array, matcher: ByteTrie): string {
  const parts: number[] = [];
  for (let position = 0; position < normalized.length; ) {
    const matched = matcher.longestPrefix(normalized, position, normalized.length);
    if (matched > 0) {
      parts.push(boundaryCharacter);
      position += matched;
    } else parts.push(normalized[position++]!);
  }
  return utf8Decoder.decode(Uint8Array.from(parts));
}

// TrainerInterface::LoadSentences: the most frequent characters until `characterCoverage` of
// all character occurrences is covered (coverage compared in float, as spm does).
function requiredCharacters(words: WordCounts, options: ResolvedTrainerOptions): { required: [number, number][]; coverage: number } {
  const counts = new Map<number, number>();
  let all = 0;
  for (const [word, count] of words) {
    for (const character of word) {
      const codepoint = character.codePointAt(0)!;
      if (codepoint === 0 || codepoint === 0x20) continue;
      counts.set(codepoint, (counts.get(codepoint) ?? 0) + count);
      all += count;
    }
  }
  const sorted = [...counts].sort((left, right) => right[1] - left[1] || left[0] - right[0]);
  const required: [number, number][] = [];
  let accumulated = 0;
  const threshold = Math.fround(options.characterCoverage);
  for (const [character, count] of sorted) {
    if (Math.fround(accumulated / all) >= threshold) break;
    accumulated += count;
    if (character === boundaryCharacter) continue;
    required.push([character, count]);
  }
  return { required, coverage: accumulated / all };
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

/** Uniform sample of a stream (Algorithm R) with a fixed-seed generator, so training is deterministic. */
class ReservoirSample {
  readonly items: string[] = [];
  private seen = 0;
  private state = 12345678;

  constructor(private readonly size: number) {}

  add(item: string): void {
    this.seen++;
    if (this.items.length < this.size) {
      this.items.push(item);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < this.size) this.items[slot] = item;
  }

  // mulberry32: small, fast and good enough for sampling.
  private random(): number {
    let value = (this.state = (this.state + 0x6d2b79f5) | 0);
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }
}
