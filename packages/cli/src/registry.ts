import type { Command, CommandGroup } from './command.js';

// Commands load on first use, so `oellm --help` never loads Arrow, zstd or llama.cpp.
// Each package adds its subcommands here.
export const commands: Record<string, () => Promise<Command>> = {
  languages: async () => (await import('./commands/languages.js')).languagesCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
};

export const groups: Record<string, CommandGroup> = {
  data: {
    name: 'data',
    summary: 'Read, clean and write corpora: ingest to Parquet/Arrow/JSONL.zst shards, stats',
    commands: {
      ingest: async () => (await import('./commands/data/ingest.js')).ingestCommand,
      stats: async () => (await import('./commands/data/stats.js')).statsCommand,
    },
  },
  tokenizer: {
    name: 'tokenizer',
    summary: 'SentencePiece tokenizers: train (BPE), encode text to ids / Megatron-LM / Arrow, decode, fairness report',
    commands: {
      train: async () => (await import('./commands/tokenizer/train.js')).trainCommand,
      encode: async () => (await import('./commands/tokenizer/encode.js')).encodeCommand,
      decode: async () => (await import('./commands/tokenizer/decode.js')).decodeCommand,
      report: async () => (await import('./commands/tokenizer/report.js')).reportCommand,
    },
  },
  quantize: {
    name: 'quantize',
    summary: 'GGUF quantisation byte-identical to llama.cpp: oellm quantize --input M.gguf --type Q4_K_M --out OUT.gguf; inspect',
    defaultCommand: 'quantize',
    commands: {
      quantize: async () => (await import('./commands/quantize/quantize.js')).quantizeCommand,
      inspect: async () => (await import('./commands/quantize/inspect.js')).inspectCommand,
    },
  },
  eval: {
    name: 'eval',
    summary: 'Per-language evaluation: oellm eval --model M.gguf --tasks udhr-likelihood --languages eu24 --out DIR; score, tasks',
    defaultCommand: 'run',
    commands: {
      run: async () => (await import('./commands/eval/run.js')).evalRunCommand,
      score: async () => (await import('./commands/eval/score.js')).evalScoreCommand,
      tasks: async () => (await import('./commands/eval/tasks.js')).evalTasksCommand,
      compare: async () => (await import('./commands/eval/compare.js')).evalCompareCommand,
    },
  },
};

/** One line per top-level command, for `oellm --help`. */
export const summaries: Array<[string, string]> = [
  ['languages', 'List the languages oellm supports, with their codes'],
  ['verify', 'Check an artifact against its manifest (sizes and sha256 of every file)'],
  ['data', 'Read, clean and write corpora: oellm data ingest, oellm data stats'],
  ['tokenizer', 'SentencePiece tokenizers: oellm tokenizer train, encode, decode, report'],
  ['quantize', 'GGUF quantisation like llama-quantize: oellm quantize --input M.gguf --type Q4_K_M --out OUT.gguf; inspect'],
  ['eval', 'Per-language evaluation of GGUF models: oellm eval --model M.gguf --tasks … --out DIR; score (BLEU/chrF like sacreBLEU), tasks, compare'],
];
