import { stat } from 'node:fs/promises';
import type { ManifestFile, ProgressListener } from '@oellm/core';
import type { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';
import { encodeChunks, type DocumentChunk } from './encoded-documents.js';
import { packedLines } from './packed-lines.js';
import { StreamedFileHash } from './streamed-file-entry.js';
import { writeTokenDataset, type EncodeTextFilesSummary, type TokenOutputFormat } from './write-token-dataset.js';

export type { EncodeTextFilesSummary, TokenOutputFormat } from './write-token-dataset.js';

/** Options of {@link encodeTextFiles}. */
export interface EncodeTextFilesOptions {
  format: TokenOutputFormat;
  /** Model file, recorded in the manifest. */
  modelPath?: string;
  progress?: ProgressListener;
}

/**
 * Encodes text files, one document per line, into token ids: `ids` writes one line of
 * space-separated ids per input line (as `spm_encode --output_format=id`), `megatron` writes
 * `OUT.bin` + `OUT.idx` (one document per line), `arrow` writes an Arrow file with a
 * list<uint32> row per line. Outputs appear atomically, with `OUT.manifest.json`. Encoding runs
 * on the tokenizer's worker threads when it has them (`threads`, from the built package).
 *
 * @example
 * ```ts
 * import { encodeTextFiles, loadSentencePieceTokenizer } from '@oellm/tokenizer';
 * const tokenizer = await loadSentencePieceTokenizer('eu.model');
 * await encodeTextFiles(tokenizer, ['mt.txt'], 'out/mt', { format: 'megatron' });
 * ```
 */
export async function encodeTextFiles(tokenizer: SentencePieceTokenizer, inputs: readonly string[], out: string, options: EncodeTextFilesOptions): Promise<EncodeTextFilesSummary> {
  const startedAt = Date.now();
  let totalBytes = 0;
  const sizes: number[] = [];
  for (const input of inputs) {
    sizes.push((await stat(input)).size);
    totalBytes += sizes.at(-1)!;
  }
  options.progress?.({ type: 'start', task: 'encode', unit: 'bytes', total: totalBytes, label: 'encoding' });
  let bytesBefore = 0;
  let documents = 0;
  // Each input's manifest entry, hashed as it is read.
  const inputEntries: ManifestFile[] = [];
  async function* lines(): AsyncGenerator<DocumentChunk> {
    for (let index = 0; index < inputs.length; index++) {
      const onBytes = (bytesRead: number): void => options.progress?.({ type: 'advance', task: 'encode', completed: bytesBefore + bytesRead, secondary: { unit: 'documents', completed: documents } });
      const hash = new StreamedFileHash();
      for await (const chunk of packedLines(inputs[index]!, onBytes, hash)) {
        documents += chunk.documentIds.length;
        yield chunk;
      }
      inputEntries.push(hash.entry(inputs[index]!, { role: 'text' }));
      bytesBefore += sizes[index]!;
    }
  }
  const summary = await writeTokenDataset(tokenizer, encodeChunks(tokenizer, lines()), out, options.format, {
    startedAt,
    inputs: () => inputEntries,
    ...(options.modelPath ? { modelPath: options.modelPath } : {}),
  });
  options.progress?.({ type: 'end', task: 'encode' });
  return summary;
}
