import { stat } from 'node:fs/promises';
import { UsageError } from '@oellm/core';
import type { NormalizationRuleName } from '@oellm/tokenizer';
import type { Command } from '../../command.js';
import { createProgressBars } from '../../output/progress-bar.js';
import { listTextFiles } from './encode.js';

function booleanOption(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError({ code: 'invalid_option', message: `--${name} takes true or false, not '${String(value)}'` });
}

function integerOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new UsageError({ code: 'invalid_option', message: `--${name} must be an integer, not '${String(value)}'` });
  return number;
}

function listOption(value: unknown): string[] | undefined {
  return value === undefined ? undefined : String(value).split(',').filter((item) => item !== '');
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a SentencePiece tokenizer (Unigram or BPE) in TypeScript; the model loads in spm_encode',
  help: `Usage: oellm tokenizer train --input FILE|DIR --vocab-size N --model-type unigram|bpe --out PREFIX [options]

Trains on text files (one sentence per line; a directory means all its files) and writes
PREFIX.model, PREFIX.vocab (as spm_train writes them) and PREFIX.manifest.json. Options are
spm_train's, in kebab case, with its defaults. Lines that are too long or not UTF-8 are skipped
and counted in the manifest.

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
  --language-sampling-alpha A      balance languages: --input is a directory of per-language files,
                                   the language is a file's name up to the first dot (mt.txt,
                                   mlt_Latn.dev); each language gets round(p × total) sentences with
                                   p ∝ n_lang^A (1: as the corpus, 0: equal shares, XLM-R: 0.3)
  --language-sampling-total N      sentences after balancing (default: as many as the files hold)
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
  },
  async run(parsed, io) {
    const values = parsed.values;
    const input = values['input'] as string | undefined;
    const out = values['out'] as string | undefined;
    const vocabularySize = integerOption(values['vocab-size'], 'vocab-size');
    if (!input || !out || vocabularySize === undefined) throw new UsageError({ code: 'missing_option', message: 'give --input, --vocab-size and --out. Run `oellm tokenizer train --help`.' });
    const modelType = (values['model-type'] as string | undefined) ?? 'unigram';
    if (modelType !== 'bpe' && modelType !== 'unigram') throw new UsageError({ code: 'invalid_option', message: `--model-type must be unigram or bpe, not '${modelType}'` });
    const coverage = values['character-coverage'] === undefined ? undefined : Number(values['character-coverage']);
    if (coverage !== undefined && Number.isNaN(coverage)) throw new UsageError({ code: 'invalid_option', message: '--character-coverage must be a number' });
    const shrinkingFactor = values['shrinking-factor'] === undefined ? undefined : Number(values['shrinking-factor']);
    if (shrinkingFactor !== undefined && !(shrinkingFactor > 0 && shrinkingFactor < 1)) throw new UsageError({ code: 'invalid_option', message: '--shrinking-factor must be a number between 0 and 1' });
    const alpha = values['language-sampling-alpha'] === undefined ? undefined : Number(values['language-sampling-alpha']);
    if (alpha !== undefined && !(alpha >= 0 && alpha <= 1)) throw new UsageError({ code: 'invalid_option', message: `--language-sampling-alpha must be a number between 0 and 1, not '${String(values['language-sampling-alpha'])}'` });
    const samplingTotal = integerOption(values['language-sampling-total'], 'language-sampling-total');
    if (samplingTotal !== undefined && alpha === undefined) throw new UsageError({ code: 'invalid_option', message: '--language-sampling-total needs --language-sampling-alpha' });
    const { trainFromFiles, trainFromLanguageFiles, languageOfFile } = await import('@oellm/tokenizer');
    const files = await listTextFiles(input);
    const train: typeof trainFromFiles = async (inputs, prefix, options) => {
      if (alpha === undefined) return trainFromFiles(inputs, prefix, options);
      if (!(await stat(input)).isDirectory()) throw new UsageError({ code: 'invalid_option', message: '--language-sampling-alpha needs --input to be a directory of per-language files (mt.txt, en.txt, …)' });
      const filesByLanguage: Record<string, string[]> = {};
      for (const file of inputs) (filesByLanguage[languageOfFile(file)] ??= []).push(file);
      const balanced = await trainFromLanguageFiles(filesByLanguage, prefix, { ...options, languageSamplingAlpha: alpha, ...(samplingTotal === undefined ? {} : { languageSamplingTotal: samplingTotal }) });
      io.stderr(`languages (alpha ${alpha}): ${balanced.languages.map(({ language, available, sampled }) => `${language} ${available} → ${sampled}`).join(', ')}\n`);
      return balanced;
    };
    const result = await train(files, out, {
      vocabularySize,
      modelType,
      characterCoverage: coverage,
      byteFallback: values['byte-fallback'] as boolean | undefined,
      splitDigits: values['split-digits'] as boolean | undefined,
      splitByUnicodeScript: booleanOption(values['split-by-unicode-script'], 'split-by-unicode-script'),
      splitByNumber: booleanOption(values['split-by-number'], 'split-by-number'),
      splitByWhitespace: booleanOption(values['split-by-whitespace'], 'split-by-whitespace'),
      treatWhitespaceAsSuffix: values['treat-whitespace-as-suffix'] as boolean | undefined,
      maxSentencepieceLength: integerOption(values['max-sentencepiece-length'], 'max-sentencepiece-length'),
      maxSentenceLength: integerOption(values['max-sentence-length'], 'max-sentence-length'),
      userDefinedSymbols: listOption(values['user-defined-symbols']),
      controlSymbols: listOption(values['control-symbols']),
      inputSentenceSize: integerOption(values['input-sentence-size'], 'input-sentence-size'),
      normalizationRuleName: values['normalization-rule-name'] as NormalizationRuleName | undefined,
      addDummyPrefix: booleanOption(values['add-dummy-prefix'], 'add-dummy-prefix'),
      removeExtraWhitespaces: booleanOption(values['remove-extra-whitespaces'], 'remove-extra-whitespaces'),
      unkId: integerOption(values['unk-id'], 'unk-id'),
      bosId: integerOption(values['bos-id'], 'bos-id'),
      eosId: integerOption(values['eos-id'], 'eos-id'),
      padId: integerOption(values['pad-id'], 'pad-id'),
      seedSentencepieceSize: integerOption(values['seed-sentencepiece-size'], 'seed-sentencepiece-size'),
      shrinkingFactor,
      numSubIterations: integerOption(values['num-sub-iterations'], 'num-sub-iterations'),
      threads: integerOption(values['threads'], 'threads'),
      maximumWordTableSize: integerOption(values['maximum-word-table-size'], 'maximum-word-table-size'),
      progress: createProgressBars(io),
    });
    const { statistics } = result;
    io.stderr(
      `trained on ${statistics.sentences} sentences (${statistics.words} distinct words; skipped: ${statistics.skippedTooLong} too long, ${statistics.skippedInvalidUtf8} invalid UTF-8, ${statistics.skippedReservedCharacter} with U+2585)\n`,
    );
    io.stdout(`${result.model}\n${result.vocabulary}\n${result.manifest}\n`);
    return 0;
  },
};
