import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createManifest, describeFile, describeHashedFile, temporaryPathFor, writeManifest, type ManifestFile, type ManifestReference } from '@oellm/core';
import type { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';
import { tokenizerPackage } from '../package-version.js';
import { createArrowTokenWriter } from './arrow-token-writer.js';
import type { EncodedChunk } from './encoded-documents.js';
import { formatIdLines } from './id-lines.js';
import { StreamedFileHash } from './streamed-file-entry.js';
import { createMegatronDatasetWriter, type FileHash } from './megatron-dataset-writer.js';

/** Output formats of the token dataset writers. */
export type TokenOutputFormat = 'ids' | 'megatron' | 'arrow';

/** What a token dataset writer wrote. */
export interface EncodeTextFilesSummary {
  documents: number;
  tokens: number;
  outputs: string[];
  manifest: string;
}

/** Where the documents came from, for the manifest. */
export interface TokenDatasetProvenance {
  /** The inputs' entries, or a function called once every chunk is written (entries hashed while the inputs were read). */
  inputs: ManifestFile[] | (() => ManifestFile[]);
  parents?: ManifestReference[];
  modelPath?: string;
  startedAt: number;
  /**
   * Called once every chunk is written, before the manifest: files and counts that belong to the
   * run besides the tokens (the quarantine file of records the source could not read).
   */
  finishSideOutputs?: () => Promise<{ outputs: ManifestFile[]; counts: Record<string, number> }>;
}

/**
 * Writes encoded chunks in `format` to `out` (atomically), then `OUT.manifest.json` with the
 * inputs, the model and the counts.
 */
export async function writeTokenDataset(tokenizer: SentencePieceTokenizer, chunks: AsyncIterable<EncodedChunk>, out: string, format: TokenOutputFormat, provenance: TokenDatasetProvenance): Promise<EncodeTextFilesSummary> {
  let documents = 0;
  let tokens = 0;
  const count = (chunk: EncodedChunk): void => {
    documents += chunk.offsets.length - 1;
    tokens += chunk.ids.length;
  };
  let outputs: string[];
  // Outputs hashed while they were written, so their manifest entries need no second read.
  const hashedOutputs = new Map<string, FileHash>();
  if (format === 'ids') {
    const temporary = temporaryPathFor(out);
    const handle = await open(temporary, 'w');
    let closed = false;
    // The previous chunk's write, under way while the next chunk is encoded and formatted.
    let writing: Promise<void> | undefined;
    try {
      // Two buffers in turn, each formatted into again once its write is done: a buffer per chunk
      // is external memory, which makes V8 collect garbage sooner.
      const buffers: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0)];
      let turn = 0;
      const hash = new StreamedFileHash();
      for await (const chunk of chunks) {
        count(chunk);
        const lines = formatIdLines(chunk, buffers[turn]);
        buffers[turn] = new Uint8Array(lines.buffer);
        turn ^= 1;
        hash.update(lines);
        await writing;
        writing = writeWhole(handle, lines);
        // Awaited at the next chunk or below; until then a failure must not count as unhandled.
        writing.catch(() => {});
      }
      await writing;
      closed = true;
      await handle.close();
      await rename(temporary, out);
      hashedOutputs.set(out, { bytes: hash.bytes, sha256: hash.digest() });
    } catch (error) {
      await writing?.catch(() => {});
      if (!closed) await handle.close().catch(() => {});
      await rm(temporary, { force: true });
      throw error;
    }
    outputs = [out];
  } else if (format === 'megatron') {
    const writer = await createMegatronDatasetWriter(out, { vocabularySize: tokenizer.vocabularySize });
    try {
      for await (const chunk of chunks) {
        count(chunk);
        await writer.addDocuments(chunk.ids, chunk.offsets);
      }
    } catch (error) {
      await writer.abort();
      throw error;
    }
    const summary = await writer.finalize();
    outputs = [summary.binPath, summary.indexPath];
    hashedOutputs.set(summary.binPath, summary.hashes.bin);
    hashedOutputs.set(summary.indexPath, summary.hashes.index);
  } else {
    // One record batch per encoded chunk, on disk before the next chunk is read.
    const writer = await createArrowTokenWriter(out);
    try {
      for await (const chunk of chunks) {
        count(chunk);
        await writer.addDocuments(chunk.ids, chunk.offsets, chunk.documentIds);
      }
      const { hash } = await writer.finalize();
      hashedOutputs.set(out, hash);
    } catch (error) {
      await writer.abort();
      throw error;
    }
    outputs = [out];
  }

  const side = (await provenance.finishSideOutputs?.()) ?? { outputs: [], counts: {} };
  const manifestPath = `${out}.manifest.json`;
  const manifest = createManifest({
    kind: 'token-dataset',
    name: out,
    startedAt: provenance.startedAt,
    producer: tokenizerPackage,
    parameters: { format, tokenizer: tokenizer.name, vocabularySize: tokenizer.vocabularySize },
    inputs: [...(typeof provenance.inputs === 'function' ? provenance.inputs() : provenance.inputs), ...(provenance.modelPath ? [await describeFile(provenance.modelPath, { role: 'model' })] : [])],
    outputs: [
      ...(await Promise.all(outputs.map((path) => {
        const hashed = hashedOutputs.get(path);
        return hashed ? describeHashedFile(path, hashed, { relativeTo: dirname(out), role: format }) : describeFile(path, { relativeTo: dirname(out), role: format });
      }))),
      ...side.outputs,
    ],
    counts: { documents, tokens, ...side.counts },
    ...(provenance.parents ? { parents: provenance.parents } : {}),
  });
  await writeManifest(manifestPath, manifest);
  return { documents, tokens, outputs, manifest: manifestPath };
}

/** Writes all of `bytes` at the file's current position (a write may take only part). */
async function writeWhole(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
}
