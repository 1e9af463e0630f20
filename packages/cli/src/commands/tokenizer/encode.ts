import { stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, UsageError } from '@oellm/core';
import type { Command } from '../../command.js';
import { createProgressBars } from '../../output/progress-bar.js';

const formats = ['ids', 'megatron', 'arrow'] as const;

/** The text files of `--input`: a file, or every regular file of a directory (sorted). */
export async function listTextFiles(input: string): Promise<string[]> {
  const info = await stat(input).catch((error: unknown) => {
    throw new InputError({ code: 'missing_input', message: 'does not exist; give a text file or a directory of text files', location: { file: input }, cause: error });
  });
  if (info.isFile()) return [input];
  const names = (await readdir(input, { withFileTypes: true })).filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(input, entry.name));
  if (names.length === 0) throw new InputError({ code: 'empty_directory', message: 'contains no files to encode', location: { file: input } });
  return names.sort();
}

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'Encode text into token ids with a SentencePiece model: id lines, Megatron-LM .bin/.idx, or Arrow',
  help: `Usage: oellm tokenizer encode --model M.model --input FILE|DIR --out OUT [--format ids|megatron|arrow]

Encodes every line of the input file(s) (one document per line) exactly as spm_encode does.

Options:
  --model M.model   a SentencePiece model (ours, spm_train's or a published one)
  --input PATH      a text file, or a directory whose files are all encoded (sorted by name)
  --out OUT         output: a file (ids, arrow) or a path prefix (megatron: OUT.bin + OUT.idx)
  --format F        ids (default): one line of space-separated ids per input line, as
                    spm_encode --output_format=id prints; megatron: Megatron-LM's indexed
                    dataset; arrow: an Arrow IPC file with a list<uint32> row per line
  --help            show this help

Writes OUT.manifest.json beside the output.`,
  options: { model: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } },
  async run(parsed, io) {
    const model = parsed.values['model'] as string | undefined;
    const input = parsed.values['input'] as string | undefined;
    const out = parsed.values['out'] as string | undefined;
    const format = (parsed.values['format'] as string | undefined) ?? 'ids';
    if (!model || !input || !out) throw new UsageError({ code: 'missing_option', message: 'give --model, --input and --out. Run `oellm tokenizer encode --help`.' });
    if (!(formats as readonly string[]).includes(format)) throw new UsageError({ code: 'invalid_format', message: `--format must be one of ${formats.join(', ')}, not '${format}'` });
    const { encodeTextFiles, loadSentencePieceTokenizer } = await import('@oellm/tokenizer');
    const tokenizer = await loadSentencePieceTokenizer(model);
    const files = await listTextFiles(input);
    const summary = await encodeTextFiles(tokenizer, files, out, { format: format as (typeof formats)[number], modelPath: model, progress: createProgressBars(io) });
    io.stderr(`encoded ${summary.documents} lines into ${summary.tokens} tokens: ${summary.outputs.join(', ')}\n`);
    return 0;
  },
};
