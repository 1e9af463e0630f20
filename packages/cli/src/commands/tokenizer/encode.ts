import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describeFile, hashFile, InputError, readManifest, type ManifestFile, type ManifestReference } from '@oellm/core';
import type { Command } from '../../command.js';
import { choiceOption, integerOption, requiredStringOptions } from '../../option-values.js';
import { createProgressBars } from '../../output/progress-bar.js';

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

/** A dataset directory (`oellm data ingest`'s output): its shards and manifest. */
interface DatasetDirectory {
  manifestPath: string;
  shards: ManifestFile[];
}

/** The dataset in `input` when it is a directory with a dataset `manifest.json`, else undefined. */
async function readDatasetDirectory(input: string): Promise<DatasetDirectory | undefined> {
  const manifestPath = join(input, 'manifest.json');
  if (!existsSync(manifestPath) || !(await stat(input)).isDirectory()) return undefined;
  const manifest = await readManifest(manifestPath);
  if (manifest.kind !== 'dataset') return undefined;
  const shards = manifest.outputs.filter((file) => file.role === 'shard' && file.path !== undefined);
  if (shards.length === 0) throw new InputError({ code: 'empty_dataset', message: 'the dataset manifest lists no shards; ingest the corpus again with `oellm data ingest`', location: { file: manifestPath } });
  return { manifestPath, shards };
}

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'Encode text or a dataset into token ids with a SentencePiece model: id lines, Megatron-LM .bin/.idx, or Arrow',
  help: `Usage: oellm tokenizer encode --model M.model --input FILE|DIR --out OUT [--format ids|megatron|arrow]

Encodes exactly as spm_encode does. Text files: one document per line. A dataset directory
(the output of \`oellm data ingest\`, found by its manifest.json): one document per record of
its Parquet/Arrow/JSONL shards, in manifest order.

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
  --help            show this help

Writes OUT.manifest.json beside the output: the input files (a dataset's shards) with their
sha256, the model, and for a dataset its manifest as parent.`,
  options: { model: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, threads: { type: 'string' } },
  async run(parsed, io) {
    const { model, input, out } = requiredStringOptions(parsed, ['model', 'input', 'out'], 'oellm tokenizer encode');
    const format = choiceOption(parsed, 'format', formats, 'ids');
    const threads = integerOption(parsed, 'threads', { minimum: 0, maximum: 256 });
    const { encodeDocumentSource, encodeTextFiles, loadSentencePieceTokenizer } = await import('@oellm/tokenizer');
    const tokenizer = await loadSentencePieceTokenizer(model, threads === undefined ? {} : { threads });
    const progress = createProgressBars(io);
    const outputFormat = format as (typeof formats)[number];
    try {
      const dataset = await readDatasetDirectory(input);
      if (dataset) {
        const { openDocumentSource } = await import('@oellm/dataset');
        const shardPaths = dataset.shards.map((shard) => join(dirname(dataset.manifestPath), shard.path!));
        const source = await openDocumentSource(shardPaths);
        const inputs = await Promise.all(shardPaths.map((path, index) => describeFile(resolve(path), { role: 'shard', ...(dataset.shards[index]!.rows !== undefined ? { rows: dataset.shards[index]!.rows } : {}) })));
        const parent: ManifestReference = { path: relative(dirname(resolve(out)), resolve(dataset.manifestPath)), sha256: (await hashFile(dataset.manifestPath)).sha256 };
        const summary = await encodeDocumentSource(tokenizer, source, out, { format: outputFormat, modelPath: model, inputs, parents: [parent], progress });
        io.stderr(`encoded ${summary.documents} documents from ${shardPaths.length} shards into ${summary.tokens} tokens: ${summary.outputs.join(', ')}\n`);
      } else {
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
