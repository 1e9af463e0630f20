import { describe, expect, it } from 'vitest';
import { countTrainingWords, sentencePieceTrainer, serializeModel, splitIntoWords, WordFrequencyTable } from '../src/index.js';
import { floresFiles } from './helpers/reference-tools.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { forEachWord, SentenceCounter } from '../src/training/sentence-counter.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function countWords(texts: readonly string[]): WordFrequencyTable {
  const table = new WordFrequencyTable(4);
  for (const text of texts) {
    const bytes = encoder.encode(text);
    forEachWord(bytes, false, false, (start, end) => table.add(bytes, 1, start, end));
  }
  return table;
}

describe('WordFrequencyTable', () => {
  const texts = ['▁Il-bnedmin▁kollha▁jitwieldu▁ħielsa', '▁u▁ugwali▁fid-dinjità▁u▁d-drittijiet', '▁Ἅπαντες▁οἱ▁ἄνθρωποι', '▁𐍈▁x▁x▁x', '▁kollha▁kollha'];

  it('counts as a Map of the words splitIntoWords gives', () => {
    const expected = new Map<string, number>();
    for (const text of texts) for (const word of splitIntoWords(text, false, false)) expected.set(word, (expected.get(word) ?? 0) + 1);
    expect(countWords(texts).toMap()).toEqual(expected);
  });

  it('partial tables counted separately merge into the table of the whole (also through data())', () => {
    const whole = countWords(texts);
    const merged = countWords(texts.slice(0, 2));
    merged.merge(WordFrequencyTable.fromData(countWords(texts.slice(2)).data()));
    expect(merged.toMap()).toEqual(whole.toMap());
    expect(merged.size).toBe(whole.size);
  });

  it('merged() of several partial tables is the table of the whole (one allocation, no table per part)', () => {
    const whole = countWords(texts);
    const merged = WordFrequencyTable.merged([countWords(texts.slice(0, 1)).data(), countWords(texts.slice(1, 3)).arrays(), countWords(texts.slice(3)).data()]);
    expect(merged.toMap()).toEqual(whole.toMap());
    expect(merged.size).toBe(whole.size);
  });

  it('a counter that hands over its table while counting (as workers do) loses and repeats no word', () => {
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 5));
    const settings = { normalizerSpec: { name: 'identity', addDummyPrefix: true, removeExtraWhitespaces: true, escapeWhitespaces: true }, metaPieces: ['<unk>', '<s>', '</s>'], splitByWhitespace: true, treatWhitespaceAsSuffix: false, allowWhitespaceOnlyPieces: false, maximumWordTableSize: 1e7 };
    const whole = new SentenceCounter(settings);
    const handingOver = new SentenceCounter(settings);
    const merged = new WordFrequencyTable();
    lines.forEach((line, index) => {
      whole.add(line);
      handingOver.add(line);
      if (index % 7 === 6) merged.addData(handingOver.takeWords());
    });
    merged.addData(handingOver.takeWords());
    expect(handingOver.words.size).toBe(0);
    expect(merged.toMap()).toEqual(whole.words.toMap());
  });

  it('release() returns the arrays at once (they are empty afterwards)', () => {
    const table = countWords(texts);
    const arrays = table.arrays();
    table.release();
    expect([arrays.bytes.length, arrays.starts.length, arrays.lengths.length, arrays.counts.length]).toEqual([0, 0, 0, 0]);
  });

  it('prune keeps it under the cap by dropping the rarest words, and says how many occurrences went', () => {
    const table = new WordFrequencyTable();
    for (let word = 0; word < 100; word++) table.add(encoder.encode(`▁w${word}`), word < 90 ? 1 : 5);
    const dropped = table.prune(20);
    expect(dropped).toBe(90);
    expect(table.size).toBe(10);
    expect([...table.toMap().values()].every((count) => count === 5)).toBe(true);
    table.add(encoder.encode('▁w95'));
    expect(table.toMap().get('▁w95')).toBe(6);
  });

  it('splits UTF-8 bytes exactly as splitIntoWords splits strings, in every whitespace mode', () => {
    const samples = ['▁a▁▁b▁', '▁▁▁x', 'ab▁cd▁▁', '▁', '▁▁', 'plain', '▁ħ▁𐍈▁ὰ▁▁▁ż'];
    for (const suffix of [false, true]) {
      for (const whitespaceOnly of [false, true]) {
        for (const sample of samples) {
          const bytes = encoder.encode(sample);
          const words: string[] = [];
          forEachWord(bytes, suffix, whitespaceOnly, (start, end) => words.push(decoder.decode(bytes.subarray(start, end))));
          expect(words, `${sample} suffix=${suffix} whitespaceOnly=${whitespaceOnly}`).toEqual(splitIntoWords(sample, suffix, whitespaceOnly));
        }
      }
    }
  });
});

describe('counting on worker threads (built package)', () => {
  it('hands tables over while counting and gives the table and statistics of counting on the calling thread', async () => {
    // The real worker path runs from the built package (turbo builds before tests in CI).
    const entry = new URL('../dist/index.js', import.meta.url);
    expect(existsSync(fileURLToPath(entry)), 'build the package first: pnpm --filter @oellm/tokenizer build').toBe(true);
    const built = (await import(/* @vite-ignore */ entry.href)) as typeof import('../src/index.js');
    // All FLORES dev lines: about 250,000 distinct words (36 languages), batches alternating
    // between two workers, so each worker's half has far more than the 65,536 words at which it
    // hands its table over.
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines);
    const options = { vocabularySize: 1000, modelType: 'bpe' as const };
    const inline = await built.countTrainingWords(lines, { ...options, threads: 0 });
    const workers = await built.countTrainingWords(lines, { ...options, threads: 2 });
    expect(inline.words.size).toBeGreaterThan(3 * 65_536);
    expect(workers.words.size).toBe(inline.words.size);
    expect(workers.statistics).toEqual(inline.statistics);
    const counted = workers.words.toMap();
    let differing = 0;
    for (const [word, count] of inline.words.toMap()) if (counted.get(word) !== count) differing++;
    expect(differing).toBe(0);
  }, 60_000);
});

describe('counting split across machines', () => {
  it('tables counted on two halves of the corpus, merged, train the model the whole corpus trains', async () => {
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 25));
    const options = { vocabularySize: 700, modelType: 'unigram' as const, normalizationRuleName: 'identity' as const, threads: 0 };
    const whole = await sentencePieceTrainer.trainModel(lines, options);
    const first = await countTrainingWords(lines.filter((_, index) => index % 2 === 0), options);
    const second = await countTrainingWords(lines.filter((_, index) => index % 2 === 1), options);
    // As if the second table came from another machine: through its plain arrays.
    const merged = first.words.merge(WordFrequencyTable.fromData(second.words.data()));
    const size = merged.size;
    const fromWords = await sentencePieceTrainer.trainModelFromWords(merged, options);
    expect(Buffer.from(serializeModel(fromWords.model)).equals(Buffer.from(serializeModel(whole.model)))).toBe(true);
    // Training released only tables it counted itself: the caller's table is intact.
    expect(merged.size).toBe(size);
    expect(merged.toMap().size).toBe(size);
    expect(first.statistics.sentences + second.statistics.sentences).toBe(whole.statistics.sentences);
  }, 60_000);

  it('keeps the table under maximumWordTableSize and counts what it dropped', async () => {
    const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 10));
    const { words, statistics } = await countTrainingWords(lines, { vocabularySize: 100, normalizationRuleName: 'identity', maximumWordTableSize: 300, threads: 0 });
    expect(words.size).toBeLessThanOrEqual(300);
    expect(statistics.prunedWordOccurrences).toBeGreaterThan(0);
    const kept = [...words.toMap().values()].reduce((sum, count) => sum + count, 0);
    const all = [...(await countTrainingWords(lines, { vocabularySize: 100, normalizationRuleName: 'identity', threads: 0 })).words.toMap().values()].reduce((sum, count) => sum + count, 0);
    expect(kept + statistics.prunedWordOccurrences).toBe(all);
  });
});
