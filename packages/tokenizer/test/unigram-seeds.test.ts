import { describe, expect, it } from 'vitest';
import { isValidSentencePiece } from '../src/training/piece-validity.js';
import { sortSuffixesToDepth } from '../src/training/repeated-substrings.js';
import { resolveTrainerOptions } from '../src/training/trainer-options.js';
import { numberCharactersByCodePoint, pieceString, unigramSeedPieces, unigramSeedPiecesOfTable } from '../src/training/unigram-seeds.js';
import { buildWordTable } from '../src/training/word-table.js';

// A small deterministic generator, so the random cases are the same on every run.
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('suffix sorting to a depth', () => {
  // The definition: suffixes ordered by their first `depth` symbols, a separator (1) or the end (0)
  // ending the key; compared here by slicing and comparing arrays, independently of the sort.
  function key(text: ArrayLike<number>, position: number, depth: number): number[] {
    const symbols: number[] = [];
    for (let offset = 0; offset < depth; offset++) {
      symbols.push(text[position + offset]!);
      if (text[position + offset]! <= 1) break;
    }
    return symbols;
  }
  function compareKeys(left: number[], right: number[]): number {
    for (let index = 0; index < Math.min(left.length, right.length); index++) if (left[index] !== right[index]) return left[index]! - right[index]!;
    return left.length - right.length;
  }

  for (const [name, makeText] of [
    ['16-bit', (length: number) => new Uint16Array(length)],
    ['32-bit', (length: number) => new Int32Array(length)],
  ] as const) {
    it(`orders any subset of suffixes by their first \`depth\` symbols (${name} text)`, () => {
      const random = generator(7);
      // A small alphabet and long runs, so groups stay equal deep into the key and partitions repeat.
      const text = makeText(6000);
      for (let position = 0; position < text.length - 1; position++) text[position] = random() < 0.1 ? 1 : position % 700 < 300 ? 2 : 2 + Math.floor(random() * 3);
      text[text.length - 1] = 0;
      const depth = 9;
      const positions = Array.from({ length: text.length }, (_, position) => position).filter((position) => text[position]! > 1 || random() < 0.5);
      const suffixes = Int32Array.from(positions);
      sortSuffixesToDepth(text, suffixes, depth);
      expect([...suffixes].sort((a, b) => a - b)).toEqual(positions);
      for (let index = 1; index < suffixes.length; index++) expect(compareKeys(key(text, suffixes[index - 1]!, depth), key(text, suffixes[index]!, depth))).toBeLessThanOrEqual(0);
    });
  }

  it('sorts the documented example', () => {
    const suffixes = Int32Array.of(0, 1, 2, 3);
    sortSuffixesToDepth(Uint16Array.of(2, 3, 2, 3, 1, 0), suffixes, 3);
    expect([...suffixes]).toEqual([2, 0, 3, 1]);
  });
});

describe('seed pieces', () => {
  // The definition (MakeSeedSentencePieces): every character, then substrings occurring at least
  // twice that branch to the right (the corpus continues them with two different characters, or
  // one occurrence ends a sentence), valid as pieces, by count × length.
  function bruteForceSeeds(words: [string, number, number?][], options: ReturnType<typeof resolveTrainerOptions>): Map<string, number> {
    const counts = new Map<string, number>();
    const followers = new Map<string, Set<string>>();
    const characters = new Map<string, number>();
    for (const [word, count, finalCount = 0] of words) {
      for (const character of Array.from(word)) characters.set(character, (characters.get(character) ?? 0) + count);
      // In spm's corpus the next word's ▁ follows a word inside a sentence, the sentence boundary
      // ('\u0001' here, '\0' ends this brute force's text) one that ends it.
      for (const [follower, weight] of [['▁', count - finalCount], ['\u0001', finalCount]] as const) {
        if (weight === 0) continue;
        const text = [...Array.from(word), follower, '\0'];
        countSubstrings(text, weight);
      }
    }
    function countSubstrings(text: string[], count: number): void {
      for (let start = 0; start < text.length - 1; start++) {
        for (let end = start + 2; end < text.length && end - start <= options.maxSentencepieceLength; end++) {
          const key = text.slice(start, end).join('');
          if (key.includes('\0')) break;
          counts.set(key, (counts.get(key) ?? 0) + count);
          if (!followers.has(key)) followers.set(key, new Set());
          followers.get(key)!.add(text[end]!);
        }
      }
    }
    const seeds = new Map(characters);
    for (const [key, count] of counts) {
      if (count < 2 || followers.get(key)!.size < 2) continue;
      if (key.includes('\u0001')) continue;
      const codePoints = Array.from(key, (character) => character.codePointAt(0)!);
      // A seed never ends in the assumed ▁ of the next word (it only shows whether a word-final substring branches).
      if (!isValidSentencePiece(codePoints, options)) continue;
      seeds.set(key, count * codePoints.length);
    }
    return seeds;
  }

  it('are exactly the characters and right-branching repeated substrings, weighted by count × length', () => {
    const random = generator(11);
    const alphabet = ['a', 'b', 'c', 'ħ', '𐍈', '1'];
    const words: [string, number, number][] = [];
    const seen = new Set<string>();
    while (words.length < 300) {
      const word = '▁' + Array.from({ length: 1 + Math.floor(random() * 7) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (seen.has(word)) continue;
      seen.add(word);
      const count = 1 + Math.floor(random() * 5);
      words.push([word, count, random() < 0.3 ? Math.floor(random() * (count + 1)) : 0]);
    }
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity', maxSentencepieceLength: 5 });
    const seeds = unigramSeedPieces(words, 1e6, options);
    const expected = bruteForceSeeds(words, options);
    expect(new Set(seeds.map(({ piece }) => piece))).toEqual(new Set(expected.keys()));
    const total = [...expected.values()].reduce((sum, weight) => sum + weight, 0);
    for (const { piece, score } of seeds) expect(score).toBeCloseTo(Math.log(expected.get(piece)! / total), 10);
    // Ranked: characters first, then by weight.
    const candidates = seeds.slice(seeds.findIndex(({ piece }) => Array.from(piece).length > 1));
    for (let index = 1; index < candidates.length; index++) expect(candidates[index]!.score).toBeLessThanOrEqual(candidates[index - 1]!.score);
  });

  it('branch where a word ends a sentence, as in spm_train\'s corpus array', () => {
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity' });
    // spm's array for the sentences "▁abc▁abd" and "▁abc" is "▁abc▁abd\0▁abc\0": "▁abc" is followed
    // once by ▁ and once by the boundary, so it branches (weight 2 × 4), as do "abc" and "bc".
    const seeds = unigramSeedPieces([['▁abc', 2, 1], ['▁abd', 1, 0]], 100, options).map(({ piece }) => piece);
    expect(seeds.slice(5)).toEqual(['▁ab', '▁abc', 'abc', 'ab', 'bc']);
    // Without the sentence ends every word is taken to be followed by ▁: no branch after "c".
    expect(unigramSeedPieces([['▁abc', 2], ['▁abd', 1]], 100, options).map(({ piece }) => piece).slice(5)).toEqual(['▁ab', 'ab']);
  });

  it('of equal weight come in spm\'s suffix-tree node order: by code point, a longer piece before its prefix', () => {
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity' });
    // "abc" (2 × 3) and "ab" (3 × 2) weigh 6 each; esaxx lists the node "abc" before its parent "ab".
    const seeds = unigramSeedPieces([['▁abcx', 1], ['▁abcy', 1], ['▁abd', 1]], 100, options).map(({ piece }) => piece);
    expect(seeds.slice(7)).toEqual(['▁ab', '▁abc', 'abc', 'ab', 'bc']);
  });

  /** `words` distinct words of 1…`longest` characters from `alphabet` after ▁, each counted 1…`largestCount` times. */
  function distinctRandomWords(seed: number, alphabet: readonly string[], { words: size, longest, largestCount }: { words: number; longest: number; largestCount: number }): [string, number][] {
    const random = generator(seed);
    const words: [string, number][] = [];
    const seen = new Set<string>();
    while (words.length < size) {
      const word = '▁' + Array.from({ length: 1 + Math.floor(random() * longest) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (seen.has(word)) continue;
      seen.add(word);
      words.push([word, 1 + Math.floor(random() * largestCount)]);
    }
    return words;
  }

  it('are the same when the alphabet needs 32-bit symbols (more than 65,536 distinct characters)', () => {
    const words = distinctRandomWords(23, ['a', 'b', 'c', 'ħ', '𐍈', '1'], { words: 200, longest: 7, largestCount: 5 });
    // 65,992 more characters (CJK Unified Ideographs and Extension B), each in a word of its own.
    for (let codePoint = 0x4e00; codePoint <= 0x9fff; codePoint++) words.push(['▁' + String.fromCodePoint(codePoint), 1]);
    for (let codePoint = 0x20000; codePoint < 0x20000 + 45_000; codePoint++) words.push(['▁' + String.fromCodePoint(codePoint), 1]);
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity', maxSentencepieceLength: 5 });
    const seeds = unigramSeedPieces(words, 1e6, options);
    const expected = bruteForceSeeds(words, options);
    expect(seeds.length).toBe(expected.size);
    expect(new Set(seeds.map(({ piece }) => piece))).toEqual(new Set(expected.keys()));
  });

  // The definition of the order (MakeSeedSentencePieces sorts by weight, ties in esaxx's node
  // order): weight descending, then code point by code point, a longer piece before its prefix.
  function compareByDefinition(left: { piece: string; score: number }, right: { piece: string; score: number }): number {
    if (left.score !== right.score) return right.score - left.score;
    const leftCodePoints = Array.from(left.piece, (character) => character.codePointAt(0)!);
    const rightCodePoints = Array.from(right.piece, (character) => character.codePointAt(0)!);
    for (let index = 0; index < Math.min(leftCodePoints.length, rightCodePoints.length); index++) if (leftCodePoints[index] !== rightCodePoints[index]) return leftCodePoints[index]! - rightCodePoints[index]!;
    return rightCodePoints.length - leftCodePoints.length;
  }

  it('of equal weight are ordered by code points (not by first appearance, not by UTF-16 units), a longer piece before its prefix', () => {
    // First seen out of code-point order; '𐍈' (U+10348) sorts after '０' (U+FF10) by code point but
    // before it by UTF-16 unit; few counts, so many pieces tie in weight.
    const words = distinctRandomWords(41, ['𐍈', 'z', '０', 'b', 'ħ', 'a'], { words: 400, longest: 6, largestCount: 2 });
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity', maxSentencepieceLength: 6, splitByUnicodeScript: false });
    const seeds = unigramSeedPieces(words, 1e6, options);
    const firstLonger = seeds.findIndex(({ piece }) => Array.from(piece).length > 1);
    const candidates = seeds.slice(firstLonger);
    expect(candidates.length).toBeGreaterThan(300);
    expect(candidates.map(({ piece }) => piece)).toEqual([...candidates].sort(compareByDefinition).map(({ piece }) => piece));
    // Ties really occur, and across scripts and surrogate pairs.
    const tied = candidates.filter((seed, index) => index > 0 && seed.score === candidates[index - 1]!.score);
    expect(tied.length).toBeGreaterThan(100);
    expect(tied.some(({ piece }) => piece.includes('𐍈'))).toBe(true);
  });

  it('come with the lexicographic order of their character ids (a prefix first), which builds the trie', () => {
    const table = buildWordTable([['▁zab', 3], ['▁zab', 1], ['▁ab𐍈', 2], ['▁a０b', 2], ['▁ba', 4], ['▁zz', 2]]);
    const options = resolveTrainerOptions({ vocabularySize: 100, normalizationRuleName: 'identity' });
    const { pieces, lexicographicOrder } = unigramSeedPiecesOfTable(table, 1e6, options);
    const symbolsOf = (piece: number) => Array.from(pieces.symbols.subarray(pieces.starts[piece]!, pieces.starts[piece]! + pieces.lengths[piece]!));
    const expected = Array.from({ length: pieces.starts.length }, (_, piece) => piece).sort((left, right) => {
      const [leftSymbols, rightSymbols] = [symbolsOf(left), symbolsOf(right)];
      for (let index = 0; index < Math.min(leftSymbols.length, rightSymbols.length); index++) if (leftSymbols[index] !== rightSymbols[index]) return leftSymbols[index]! - rightSymbols[index]!;
      return leftSymbols.length - rightSymbols.length;
    });
    expect(Array.from(lexicographicOrder)).toEqual(expected);
    // The table's characters were renumbered in code-point order, consistently.
    expect(Array.from(table.codePoints.subarray(2))).toEqual([...table.codePoints.subarray(2)].sort((left, right) => left - right));
    for (let piece = 0; piece < pieces.starts.length; piece++) expect(Array.from(pieceString(pieces, piece, table.codePoints)).map((character) => table.characterIds.get(character.codePointAt(0)!))).toEqual(symbolsOf(piece));
  });

  it('numberCharactersByCodePoint renumbers a table in place, ids 0 and 1 kept, words unchanged', () => {
    const table = buildWordTable([['▁ba', 1], ['𐍈a', 2]]);
    const wordsBefore = Array.from({ length: 2 }, (_, word) => String.fromCodePoint(...Array.from(table.symbols.subarray(table.offsets[word]!, table.offsets[word + 1]!), (id) => table.codePoints[id]!)));
    numberCharactersByCodePoint(table);
    expect(Array.from(table.codePoints)).toEqual([-1, -1, 0x61, 0x62, 0x2581, 0x10348]);
    expect(Array.from(table.symbols)).toEqual([4, 3, 2, 5, 2]);
    expect([...table.characterIds]).toEqual([[0x61, 2], [0x62, 3], [0x2581, 4], [0x10348, 5]]);
    const wordsAfter = Array.from({ length: 2 }, (_, word) => String.fromCodePoint(...Array.from(table.symbols.subarray(table.offsets[word]!, table.offsets[word + 1]!), (id) => table.codePoints[id]!)));
    expect(wordsAfter).toEqual(wordsBefore);
  });
});
