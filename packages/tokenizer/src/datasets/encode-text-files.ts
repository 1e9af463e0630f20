import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createManifest, describeFile, temporaryPathFor, writeManifest, type ProgressListener } from '@oellm/core';
import type { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';
import { tokenizerPackage } from '../package-version.js';
import { writeArrowTokenFile, type TokenizedDocument } from './arrow-token-writer.js';
import { createMegatronDatasetWriter } from './megatron-dataset-writer.js';
import { readLineBytes } from './read-line-bytes.js';

/** Output formats of {@link encodeTextFiles}. */
export type TokenOutputFormat = 'ids' | 'megatron' | 'arrow';

/** Options of {@link encodeTextFiles}. */
export interface EncodeTextFilesOptions {
  format: TokenOutputFormat;
  /** Model file, recorded in the manifest. */
  modelPath?: string;
  progress?: ProgressListener;
}

/** What {@link encodeTextFiles} wrote. */
export interface EncodeTextFilesSummary {
  documents: number;
  tokens: number;
  outputs: string[];
  manifest: string;
}

/**
 * Encodes text files, one document per line, into token ids: `ids` writes one line of
 * space-separated ids per input line (as `spm_encode --output_format=id`), `megatron` writes
 * `OUT.bin` + `OUT.idx` (one document per line), `arrow` writes an Arrow file with a
 * list<uint32> row per line. Outputs appear atomically, with `OUT.manifest.json`.
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
  for (const input of inputs) totalBytes += (await stat(input)).size;
  options.progress?.({ type: 'start', task: 'encode', unit: 'bytes', total: totalBytes, label: 'encoding' });
  let documents = 0;
  let tokens = 0;
  let bytesBefore = 0;
  async function* encodedLines(): AsyncGenerator<Uint32Array> {
    for (const input of inputs) {
      for await (const line of readLineBytes(input, (bytesRead) => options.progress?.({ type: 'advance', task: 'encode', completed: bytesBefore + bytesRead, secondary: { unit: 'documents', completed: documents } }))) {
        const ids = tokenizer.encodeBytes(line);
        documents++;
        tokens += ids.length;
        yield ids;
      }
      bytesBefore += (await stat(input)).size;
    }
  }

  let outputs: string[];
  if (options.format === 'ids') {
    const temporary = temporaryPathFor(out);
    const stream = createWriteStream(temporary);
    try {
      for await (const ids of encodedLines()) {
        if (!stream.write(`${ids.join(' ')}\n`)) await once(stream, 'drain');
      }
      stream.end();
      await once(stream, 'finish');
      await rename(temporary, out);
    } catch (error) {
      stream.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
    outputs = [out];
  } else if (options.format === 'megatron') {
    const writer = await createMegatronDatasetWriter(out, { vocabularySize: tokenizer.vocabularySize });
    try {
      for await (const ids of encodedLines()) await writer.addDocument(ids);
    } catch (error) {
      await writer.abort();
      throw error;
    }
    const summary = await writer.finalize();
    outputs = [summary.binPath, summary.indexPath];
  } else {
    const rows: TokenizedDocument[] = [];
    for await (const ids of encodedLines()) rows.push({ ids });
    await writeArrowTokenFile(out, rows);
    outputs = [out];
  }
  options.progress?.({ type: 'end', task: 'encode' });

  const manifestPath = `${out}.manifest.json`;
  const manifest = createManifest({
    kind: 'token-dataset',
    name: out,
    startedAt,
    producer: tokenizerPackage,
    parameters: { format: options.format, tokenizer: tokenizer.name, vocabularySize: tokenizer.vocabularySize },
    inputs: await Promise.all([...inputs.map((path) => describeFile(path, { role: 'text' })), ...(options.modelPath ? [describeFile(options.modelPath, { role: 'model' })] : [])]),
    outputs: await Promise.all(outputs.map((path) => describeFile(path, { relativeTo: dirname(out), role: options.format }))),
    counts: { documents, tokens },
  });
  await writeManifest(manifestPath, manifest);
  return { documents, tokens, outputs, manifest: manifestPath };
}
