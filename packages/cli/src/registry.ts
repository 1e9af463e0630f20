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
};

/** One line per top-level command, for `oellm --help`. */
export const summaries: Array<[string, string]> = [
  ['languages', 'List the languages oellm supports, with their codes'],
  ['verify', 'Check an artifact against its manifest (sizes and sha256 of every file)'],
  ['data', 'Read, clean and write corpora: oellm data ingest, oellm data stats'],
];
