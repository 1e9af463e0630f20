import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, UsageError } from '@oellm/core';
import type { Command } from '../../command.js';
import { choiceOption, integerOption, requiredStringOptions } from '../../option-values.js';
import { createProgressBars } from '../../output/progress-bar.js';
import { openDatasetInput, quarantineLine } from './dataset-input.js';

const formats = ['ids', 'megatron', 'arrow'] as const;

/** The text files of `--input`: a file, or every regular file of a directory (sorted). */
export async function listTextFiles(input: string): Promise<string[]> {
  const info = await stat(input).catch((error: unknown) => {
    throw new InputError({ code: 'missing_input', message: 'does not exist; give a text file, a directory of text files or a dataset directory', location: { file: input }, cause: error });
  });
  if (info.isFile()) return [input];
  const names = (await readdir(input, { withFileTypes: true })).filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(input, entry.name));
  if (names.length === 0) throw new InputError({ code: 'empty_directory', message: 'contains no files to encode', location: { file: input } });
  return names.sort();
}

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'Encode text or a dataset into token ids with a SentencePiece model: id lines, Megatron-LM .bin/.idx, or Arrow',
  help: `Usage: oellm tokenizer encode --model M.model --input FILE|DIR --out OUT [--format ids|megatron|arrow]

Encodes exactly as spm_encode does. Text files: one document per line. A dataset directory
(the output of \`oellm data ingest\`, found by its manifest.json): one document per record of
its Parquet/Arrow/JSONL shards, in manifest order; records that cannot be read (corrupt JSON,
truncated compression, …) are quarantined to OUT.quarantine.jsonl with file, line and reason,
counted in the manifest, and skipped.

Options:
  --model M.model   a SentencePiece model (ours, spm_train's or a published one)
  --input PATH      a text file, a directory whose files are all encoded (sorted by name),
                    or a dataset directory
  --out OUT         output: a file (ids, arrow) or a path prefix (megatron: OUT.bin + OUT.idx)
  --format F        ids (default): one line of space-separated ids per document, as
                    spm_encode --output_format=id prints; megatron: Megatron-LM's indexed
                    dataset; arrow: an Arrow IPC file with a list<uint32> row per document
                    (and the document id)
  --threads N       worker threads encoding (default 4; 0 encodes on the main thread)
  --strict          dataset: stop at the first unreadable record instead of quarantining it
  --help            show this help

Writes OUT.manifest.json beside the output: the input files (a dataset's shards) with their
sha256, the model, and for a dataset its manifest as parent.`,
  options: { model: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, threads: { type: 'string' }, strict: { type: 'boolean' } },
  async run(parsed, io) {
    const { model, input, out } = requiredStringOptions(parsed, ['model', 'input', 'out'], 'oellm tokenizer encode');
    const format = choiceOption(parsed, 'format', formats, 'ids');
    const threads = integerOption(parsed, 'threads', { minimum: 0, maximum: 256 });
    const { encodeDocumentSource, encodeTextFiles, loadSentencePieceTokenizer } = await import('@oellm/tokenizer');
    const tokenizer = await loadSentencePieceTokenizer(model, threads === undefined ? {} : { threads });
    const progress = createProgressBars(io);
    const outputFormat = format as (typeof formats)[number];
    try {
      const dataset = await openDatasetInput(input, out);
      if (dataset) {
        const { source, inputs, parent, shardPaths } = dataset;
        const summary = await encodeDocumentSource(tokenizer, source, out, { format: outputFormat, modelPath: model, inputs, parents: [parent], progress, strict: parsed.values['strict'] === true });
        io.stderr(`encoded ${summary.documents} documents from ${shardPaths.length} shards into ${summary.tokens} tokens: ${summary.outputs.join(', ')}\n${quarantineLine(summary.quarantined, summary.quarantine)}`);
      } else {
        if (parsed.values['strict'] === true) throw new UsageError({ code: 'invalid_option', message: '--strict applies to a dataset directory (its unreadable records); text files have none' });
        const files = await listTextFiles(input);
        const summary = await encodeTextFiles(tokenizer, files, out, { format: outputFormat, modelPath: model, progress });
        io.stderr(`encoded ${summary.documents} lines into ${summary.tokens} tokens: ${summary.outputs.join(', ')}\n`);
      }
    } finally {
      await tokenizer.close();
    }
    return 0;
  },
};
