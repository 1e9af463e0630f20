import { stat } from 'node:fs/promises';
import { UsageError } from '@oellm/core';
import type { NormalizationRuleName } from '@oellm/tokenizer';
import type { Command } from '../../command.js';
import { createProgressBars } from '../../output/progress-bar.js';
import { choiceOption, integerOption, listOption, numberOption, requiredStringOptions, stringOption, trueFalseOption } from '../../option-values.js';
import { openDatasetInput, quarantineLine } from './dataset-input.js';
import { listTextFiles } from './encode.js';

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a SentencePiece tokenizer (Unigram or BPE) in TypeScript; the model loads in spm_encode',
  help: `Usage: oellm tokenizer train --input FILE|DIR --vocab-size N --model-type unigram|bpe --out PREFIX [options]

Trains on text files (one sentence per line; a directory means all its files) or on a dataset
directory (the output of \`oellm data ingest\`, found by its manifest.json: every line of every
document's text is a sentence) and writes PREFIX.model, PREFIX.vocab (as spm_train writes them)
and PREFIX.manifest.json (a dataset's manifest is its parent). Options are spm_train's, in kebab
case, with its defaults. Lines that are too long are skipped and counted in the manifest; lines
that are not UTF-8 and dataset records that cannot be read are quarantined to
PREFIX.quarantine.jsonl (file, line, byte offset) and counted.

Options:
  --input PATH                     text file or directory (required)
  --vocab-size N                   vocabulary size (required)
  --model-type TYPE                unigram or bpe (default unigram, as spm_train)
  --out PREFIX                     output prefix (required)
  --character-coverage F           share of characters covered (default 0.9995)
  --byte-fallback                  add the 256 byte pieces; unknown characters become bytes
  --split-digits                   make every digit its own piece
  --split-by-unicode-script B      no piece mixes scripts (default true)
  --split-by-number B              digits do not join other characters (default true)
  --split-by-whitespace B          pieces do not cross ▁ (default true)
  --treat-whitespace-as-suffix     ▁ ends words instead of starting them
  --max-sentencepiece-length N     longest piece in characters (default 16)
  --max-sentence-length N          longer lines (bytes) are skipped (default 4192)
  --user-defined-symbols A,B       pieces always kept whole
  --control-symbols A,B            control pieces (never produced from text)
  --input-sentence-size N          train on a random sample of N sentences (default all)
  --random-seed N                  seed of that sample and of the language sampling (default
                                   12345678); the same input and seed give the same model
  --seed-sentencepiece-size N      unigram: seed pieces EM starts from (default 1000000)
  --shrinking-factor F             unigram: share of pieces kept per pruning round (default 0.75)
  --num-sub-iterations N           unigram: EM steps per round (default 2)
  --threads N                      worker threads counting words and running the Unigram EM
                                   (default: the cores, at most 8; 0: none); same model for any N
  --maximum-word-table-size N      cap on distinct words held while counting; rarer words are
                                   dropped (and counted) when it is reached (default 5000000)
  --normalization-rule-name NAME   nmt_nfkc (default), nfkc, nmt_nfkc_cf, nfkc_cf (case folded) or identity
  --add-dummy-prefix B             prefix text with ▁ (default true)
  --remove-extra-whitespaces B     collapse and trim spaces (default true)
  --unk-id N --bos-id N --eos-id N --pad-id N   special ids (defaults 0, 1, 2, -1)
  --language-sampling-alpha A      balance languages: --input is a dataset directory (the language
                                   is each document's lang column; none: und) or a directory of
                                   per-language files (the language is a file's name up to the
                                   first dot: mt.txt, mlt_Latn.dev); each language gets
                                   round(p × total) sentences with p ∝ n_lang^A (1: as the corpus,
                                   0: equal shares, XLM-R: 0.3)
  --language-sampling-total N      sentences after balancing (default: as many as the input holds)
  --strict                         stop at the first line that is not UTF-8 (or unreadable
                                   dataset record) instead of quarantining it
  --help                           show this help`,
  options: {
    input: { type: 'string' },
    'vocab-size': { type: 'string' },
    'model-type': { type: 'string' },
    out: { type: 'string' },
    'character-coverage': { type: 'string' },
    'byte-fallback': { type: 'boolean' },
    'split-digits': { type: 'boolean' },
    'split-by-unicode-script': { type: 'string' },
    'split-by-number': { type: 'string' },
    'split-by-whitespace': { type: 'string' },
    'treat-whitespace-as-suffix': { type: 'boolean' },
    'max-sentencepiece-length': { type: 'string' },
    'max-sentence-length': { type: 'string' },
    'user-defined-symbols': { type: 'string' },
    'control-symbols': { type: 'string' },
    'input-sentence-size': { type: 'string' },
    'random-seed': { type: 'string' },
    'normalization-rule-name': { type: 'string' },
    'add-dummy-prefix': { type: 'string' },
    'remove-extra-whitespaces': { type: 'string' },
    'unk-id': { type: 'string' },
    'bos-id': { type: 'string' },
    'eos-id': { type: 'string' },
    'pad-id': { type: 'string' },
    'seed-sentencepiece-size': { type: 'string' },
    'shrinking-factor': { type: 'string' },
    'num-sub-iterations': { type: 'string' },
    threads: { type: 'string' },
    'maximum-word-table-size': { type: 'string' },
    'language-sampling-alpha': { type: 'string' },
    'language-sampling-total': { type: 'string' },
    strict: { type: 'boolean' },
  },
  async run(parsed, io) {
    const values = parsed.values;
    const { input, out } = requiredStringOptions(parsed, ['input', 'vocab-size', 'out'], 'oellm tokenizer train');
    const vocabularySize = integerOption(parsed, 'vocab-size', { minimum: 1 }, 0);
    const modelType = choiceOption(parsed, 'model-type', ['unigram', 'bpe'], 'unigram');
    const coverage = numberOption(parsed, 'character-coverage', { minimum: 0, maximum: 1 });
    const shrinkingFactor = numberOption(parsed, 'shrinking-factor', { minimum: 0, maximum: 1, exclusive: true });
    const alpha = numberOption(parsed, 'language-sampling-alpha', { minimum: 0, maximum: 1 });
    const samplingTotal = integerOption(parsed, 'language-sampling-total', { minimum: 1 });
    if (samplingTotal !== undefined && alpha === undefined) throw new UsageError({ code: 'invalid_option', message: '--language-sampling-total needs --language-sampling-alpha' });
    // spm's special ids: -1 switches a special piece off.
    const specialId = (name: string) => integerOption(parsed, name, { minimum: -1 });
    const list = (name: string) => (stringOption(parsed, name) === undefined ? undefined : listOption(parsed, name));
    const trainerOptions = {
      vocabularySize,
      modelType,
      characterCoverage: coverage,
      byteFallback: values['byte-fallback'] as boolean | undefined,
      splitDigits: values['split-digits'] as boolean | undefined,
      splitByUnicodeScript: trueFalseOption(parsed, 'split-by-unicode-script'),
      splitByNumber: trueFalseOption(parsed, 'split-by-number'),
      splitByWhitespace: trueFalseOption(parsed, 'split-by-whitespace'),
      treatWhitespaceAsSuffix: values['treat-whitespace-as-suffix'] as boolean | undefined,
      maxSentencepieceLength: integerOption(parsed, 'max-sentencepiece-length', { minimum: 1 }),
      maxSentenceLength: integerOption(parsed, 'max-sentence-length', { minimum: 1 }),
      userDefinedSymbols: list('user-defined-symbols'),
      controlSymbols: list('control-symbols'),
      inputSentenceSize: integerOption(parsed, 'input-sentence-size', { minimum: 0 }),
      randomSeed: integerOption(parsed, 'random-seed', { minimum: 0, maximum: 4294967295 }),
      normalizationRuleName: values['normalization-rule-name'] as NormalizationRuleName | undefined,
      addDummyPrefix: trueFalseOption(parsed, 'add-dummy-prefix'),
      removeExtraWhitespaces: trueFalseOption(parsed, 'remove-extra-whitespaces'),
      unkId: specialId('unk-id'),
      bosId: specialId('bos-id'),
      eosId: specialId('eos-id'),
      padId: specialId('pad-id'),
      seedSentencepieceSize: integerOption(parsed, 'seed-sentencepiece-size', { minimum: 1 }),
      shrinkingFactor,
      numSubIterations: integerOption(parsed, 'num-sub-iterations', { minimum: 1 }),
      threads: integerOption(parsed, 'threads', { minimum: 0 }),
      maximumWordTableSize: integerOption(parsed, 'maximum-word-table-size', { minimum: 1 }),
      progress: createProgressBars(io),
    };
    const { trainFromDocumentSource, trainFromFiles, trainFromLanguageFiles, languageOfFile } = await import('@oellm/tokenizer');
    const dataset = await openDatasetInput(input, out);
    if (dataset) {
      const sampling = alpha === undefined ? {} : { languageSamplingAlpha: alpha, ...(samplingTotal === undefined ? {} : { languageSamplingTotal: samplingTotal }) };
      const result = await trainFromDocumentSource(dataset.source, out, { ...trainerOptions, ...sampling, inputs: dataset.inputs, parents: [dataset.parent], strict: values['strict'] === true });
      if (result.languages) io.stderr(`languages (alpha ${alpha}): ${result.languages.map(({ language, available, sampled }) => `${language} ${available} → ${sampled}`).join(', ')}\n`);
      const { statistics } = result;
      io.stderr(
        `trained on ${statistics.sentences} sentences from ${result.documents} documents of ${dataset.shardPaths.length} shards (${statistics.words} distinct words; skipped: ${statistics.skippedTooLong} too long, ${statistics.skippedReservedCharacter} with U+2585)\n${quarantineLine(result.quarantined, result.quarantine)}`,
      );
      io.stdout(`${result.model}\n${result.vocabulary}\n${result.manifest}\n`);
      return 0;
    }
    const files = await listTextFiles(input);
    const train: typeof trainFromFiles = async (inputs, prefix, options) => {
      if (alpha === undefined) return trainFromFiles(inputs, prefix, options);
      if (!(await stat(input)).isDirectory()) throw new UsageError({ code: 'invalid_option', message: '--language-sampling-alpha needs --input to be a dataset directory or a directory of per-language files (mt.txt, en.txt, …)' });
      const filesByLanguage: Record<string, string[]> = {};
      for (const file of inputs) (filesByLanguage[languageOfFile(file)] ??= []).push(file);
      const balanced = await trainFromLanguageFiles(filesByLanguage, prefix, { ...options, languageSamplingAlpha: alpha, ...(samplingTotal === undefined ? {} : { languageSamplingTotal: samplingTotal }) });
      io.stderr(`languages (alpha ${alpha}): ${balanced.languages.map(({ language, available, sampled }) => `${language} ${available} → ${sampled}`).join(', ')}\n`);
      return balanced;
    };
    const result = await train(files, out, { ...trainerOptions, strict: values['strict'] === true });
    const { statistics } = result;
    io.stderr(
      `trained on ${statistics.sentences} sentences (${statistics.words} distinct words; skipped: ${statistics.skippedTooLong} too long, ${statistics.skippedInvalidUtf8} invalid UTF-8, ${statistics.skippedReservedCharacter} with U+2585)\n${quarantineLine(result.quarantined, result.quarantine)}`,
    );
    io.stdout(`${result.model}\n${result.vocabulary}\n${result.manifest}\n`);
    return 0;
  },
};
