import type { NormalizerSpec } from '../model/model-proto.js';
import { ByteTrie } from '../normalizer/byte-trie.js';
import { Normalizer } from '../normalizer/normalizer.js';
import { utf8Encoder } from '../normalizer/utf8.js';
import { boundaryCharacter } from './piece-validity.js';
import { WordFrequencyTable, type WordFrequencyTableData, type WordTableReservation } from './word-frequency-table.js';

/** What a {@link SentenceCounter} needs: plain data, so it can be sent to a worker thread. */
export interface SentenceCounterSettings {
  normalizerSpec: NormalizerSpec;
  /** Pieces cut out of the text before counting (user-defined, control, special). */
  metaPieces: string[];
  splitByWhitespace: boolean;
  treatWhitespaceAsSuffix: boolean;
  allowWhitespaceOnlyPieces: boolean;
  maximumWordTableSize: number;
}

/**
 * Normalises sentences as spm_train does and counts their words (TrainerInterface's
 * SplitIntoWords, on UTF-8 bytes) into a {@link WordFrequencyTable} capped at
 * `maximumWordTableSize` words. One counter runs per thread; their tables merge.
 */
export class SentenceCounter {
  words: WordFrequencyTable;
  skippedEmpty = 0;
  prunedWordOccurrences = 0;
  private readonly normalizer: Normalizer;
  private readonly metaMatcher = new ByteTrie();
  private input = new Uint8Array(1024);
  private readonly reservation: WordTableReservation;

  /**
   * `tableWords`: the most words the table holds at once (address space is reserved for them):
   * by default `maximumWordTableSize` plus one sentence's words, as a prune follows any sentence
   * that passes the cap; a worker that hands its table over sooner passes its own bound.
   */
  constructor(
    private readonly settings: SentenceCounterSettings,
    tableWords = wordTableWordsAtMost(settings.maximumWordTableSize),
  ) {
    this.reservation = { words: tableWords };
    this.words = new WordFrequencyTable(1024, 8192, this.reservation);
    // As in training spm: no user-defined-symbol matcher in the normaliser; meta pieces become boundaries instead.
    this.normalizer = new Normalizer(settings.normalizerSpec, settings.treatWhitespaceAsSuffix);
    for (const piece of settings.metaPieces) this.metaMatcher.insert(utf8Encoder.encode(piece), 0);
  }

  add(sentence: string): void {
    // Encoded and normalised into reused buffers (words.add copies what it keeps): two fresh
    // buffers per sentence were hundreds of thousands of small allocations per worker, whose
    // freed memory the allocator keeps after the worker ends.
    if (this.input.length < sentence.length * 3) this.input = new Uint8Array(sentence.length * 3);
    const { written } = utf8Encoder.encodeInto(sentence, this.input);
    const text = replaceMetaPieces(this.normalizer.normalizeInPlace(this.input.subarray(0, written)), this.metaMatcher);
    if (text.length === 0) {
      this.skippedEmpty++;
      return;
    }
    const { settings, words } = this;
    if (!settings.splitByWhitespace) words.add(text, 1, 0, text.length, 1);
    else {
      // The last word is counted as sentence-final (the Unigram seed search needs to know).
      let previousStart = -1;
      let previousEnd = -1;
      forEachWord(text, settings.treatWhitespaceAsSuffix, settings.allowWhitespaceOnlyPieces, (start, end) => {
        if (previousStart >= 0) words.add(text, 1, previousStart, previousEnd);
        previousStart = start;
        previousEnd = end;
      });
      if (previousStart >= 0) words.add(text, 1, previousStart, previousEnd, 1);
    }
    if (words.size > settings.maximumWordTableSize) this.prunedWordOccurrences += words.prune(settings.maximumWordTableSize);
  }

  /**
   * The words counted so far (the table's own arrays, not copied, ready to transfer); counting
   * goes on into an empty table of the same capacity. A worker hands its table over this way
   * whenever it fills, so no worker holds a table of the whole corpus.
   */
  takeWords(): WordFrequencyTableData {
    const data = this.words.arrays();
    this.words = new WordFrequencyTable(data.starts.length, data.bytes.length, this.reservation);
    return data;
  }
}

/**
 * The most words a table capped at `maximumWordTableSize` holds before a prune brings it down:
 * the cap plus what one sentence, or one worker's hand-over table (see training-worker.ts), adds
 * past it. Reserved up front (address space, not memory), so it must not be much more.
 */
export function wordTableWordsAtMost(maximumWordTableSize: number): number {
  return maximumWordTableSize + (1 << 18);
}

// ▁ (U+2581) in UTF-8; its lead byte 0xE2 never occurs inside another character.
function isWhitespaceAt(text: Uint8Array, position: number): boolean {
  return text[position] === 0xe2 && text[position + 1] === 0x96 && text[position + 2] === 0x81;
}

/**
 * TrainerInterface::SplitIntoWords on UTF-8 bytes (see {@link splitIntoWords}): calls `onWord`
 * with each word's byte range.
 */
export function forEachWord(text: Uint8Array, treatWhitespaceAsSuffix: boolean, allowWhitespaceOnlyPieces: boolean, onWord: (start: number, end: number) => void): void {
  const end = text.length;
  let wordStart = 0;
  let inWhitespaceRun = false;
  if (treatWhitespaceAsSuffix) {
    let started = false;
    for (let position = 0; position < end; ) {
      const isWhitespace = isWhitespaceAt(text, position);
      if (isWhitespace) inWhitespaceRun = true;
      else if (inWhitespaceRun) {
        if (allowWhitespaceOnlyPieces && started) {
          onWord(wordStart, position);
          wordStart = position;
        }
        inWhitespaceRun = false;
      }
      position += isWhitespace ? 3 : 1;
      started = true;
      if (isWhitespace && !allowWhitespaceOnlyPieces) {
        onWord(wordStart, position);
        wordStart = position;
      }
    }
    if (wordStart < end) onWord(wordStart, end);
    return;
  }
  let first = true;
  for (let position = 0; position < end; ) {
    const isWhitespace = isWhitespaceAt(text, position);
    if (first || (isWhitespace && (!inWhitespaceRun || !allowWhitespaceOnlyPieces))) {
      if (!first) onWord(wordStart, position);
      wordStart = position;
      inWhitespaceRun = true;
      first = false;
    }
    if (inWhitespaceRun && !isWhitespace) inWhitespaceRun = false;
    position += isWhitespace ? 3 : 1;
  }
  if (!first) onWord(wordStart, end);
}

// PrefixMatcher::GlobalReplace: every meta piece in the normalised text becomes a tab, so no
// learned piece spans or contains one.
function replaceMetaPieces(normalized: Uint8Array, matcher: ByteTrie): Uint8Array {
  let output: Uint8Array | undefined;
  let written = 0;
  for (let position = 0; position < normalized.length; ) {
    const matched = matcher.longestPrefix(normalized, position, normalized.length);
    if (matched > 0) {
      if (!output) {
        output = new Uint8Array(normalized.length);
        output.set(normalized.subarray(0, position));
        written = position;
      }
      output[written++] = boundaryCharacter;
      position += matched;
    } else {
      if (output) output[written] = normalized[position]!;
      written++;
      position++;
    }
  }
  return output ? output.subarray(0, written) : normalized;
}
