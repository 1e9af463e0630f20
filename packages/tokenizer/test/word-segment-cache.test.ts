import { describe, expect, it } from 'vitest';
import { Segmentation } from '../src/encoder/segment-encoder.js';
import { WordSegmentCache } from '../src/encoder/word-segment-cache.js';
import { randomGenerator } from './helpers/near-tie-pieces.js';

// The cache on its own: what goes in must come out, through the tables' growth (they start at
// 4,096 words and grow ×4 up to the capacity, re-hashing every entry) and after it starts over.

interface Word {
  bytes: Uint8Array;
  ids: number[];
  lengths: number[];
  limit: number;
}

/** Distinct words of 1–40 random bytes, each cut into random pieces with random ids below 2^23. */
function randomWords(count: number, seed: number): Word[] {
  const random = randomGenerator(seed);
  const seen = new Set<string>();
  const words: Word[] = [];
  while (words.length < count) {
    const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256));
    const key = bytes.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const ids: number[] = [];
    const lengths: number[] = [];
    for (let at = 0; at < bytes.length; ) {
      const length = Math.min(bytes.length - at, 1 + Math.floor(random() * 6));
      // Mostly small ids, some at the top of the packed range.
      ids.push(random() < 0.1 ? 2 ** 23 - 1 - Math.floor(random() * 16) : Math.floor(random() * 2 ** 16));
      lengths.push(length);
      at += length;
    }
    words.push({ bytes, ids, lengths, limit: random() * 1e6 });
  }
  return words;
}

function insert(cache: WordSegmentCache, word: Word): void {
  const segmentation = new Segmentation();
  for (let index = 0; index < word.ids.length; index++) segmentation.push(word.lengths[index]!, word.ids[index]!, 0);
  expect(cache.find(word.bytes, 0, word.bytes.length)).toBe(-1);
  cache.insert(word.bytes, 0, word.bytes.length, segmentation, 0, word.limit);
}

function expectCached(cache: WordSegmentCache, word: Word, scoreOfId: Float64Array): void {
  // The word inside a larger buffer, as the segmenter passes it.
  const buffer = new Uint8Array(word.bytes.length + 7).fill(0xe2);
  buffer.set(word.bytes, 3);
  const entry = cache.find(buffer, 3, 3 + word.bytes.length);
  expect(entry).toBeGreaterThanOrEqual(0);
  const segmentation = new Segmentation();
  segmentation.push(1, 99, 0.5);
  const withScores = word.ids.every((id) => id < scoreOfId.length);
  cache.copyTo(entry, segmentation, withScores ? scoreOfId : undefined);
  expect(Array.from(segmentation.ids.subarray(1, segmentation.count))).toEqual(word.ids);
  expect(Array.from(segmentation.lengths.subarray(1, segmentation.count))).toEqual(word.lengths);
  if (withScores) expect(Array.from(segmentation.scores.subarray(1, segmentation.count))).toEqual(word.ids.map((id) => scoreOfId[id]!));
  expect(cache.limitOf(entry)).toBe(word.limit);
}

describe('WordSegmentCache', () => {
  const scoreOfId = Float64Array.from({ length: 2 ** 16 }, (_, id) => -id / 1000);

  it('keeps every entry, pieces, score terms and limit, while its tables grow to the capacity', () => {
    const words = randomWords(12_000, 1);
    const cache = new WordSegmentCache(20_000);
    for (const word of words) insert(cache, word);
    expect(cache.size).toBe(words.length);
    for (const word of words) expectCached(cache, word, scoreOfId);
  });

  it('starts over when full at its capacity, and serves the words inserted since', () => {
    const words = randomWords(5_000, 2);
    const cache = new WordSegmentCache(4_096);
    for (const word of words) insert(cache, word);
    // Full by entry count (4,096) or, earlier, by arena room (these words are longer than average).
    const kept = cache.size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(4_096);
    for (const word of words.slice(words.length - kept)) expectCached(cache, word, scoreOfId);
    for (const word of words.slice(0, words.length - kept)) expect(cache.find(word.bytes, 0, word.bytes.length)).toBe(-1);
  });

  it('does not keep words longer than 128 bytes', () => {
    const cache = new WordSegmentCache(16);
    const long: Word = { bytes: new Uint8Array(129).fill(0x61), ids: [7], lengths: [129], limit: 1 };
    insert(cache, long);
    expect(cache.find(long.bytes, 0, long.bytes.length)).toBe(-1);
    expect(cache.size).toBe(0);
  });
});
