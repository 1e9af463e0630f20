import type { DocumentSource, ManifestFile, ManifestReference, ProgressListener, SourceReadOptions } from '@oellm/core';
import type { SentencePieceTokenizer } from '../encoder/sentencepiece-tokenizer.js';
import { encodeChunks } from './encoded-documents.js';
import { packRecordBatches } from './packed-record-batches.js';
import { openQuarantineFile, quarantinePathFor } from './quarantine-file.js';
import { writeTokenDataset, type EncodeTextFilesSummary, type TokenOutputFormat } from './write-token-dataset.js';

/** Options of {@link encodeDocumentSource}. */
export interface EncodeDocumentSourceOptions {
  format: TokenOutputFormat;
  /** Model file, recorded in the manifest. */
  modelPath?: string;
  /** The files the source reads (shards), recorded as the manifest's inputs. */
  inputs?: ManifestFile[];
  /** Manifests of the input artifacts (a dataset directory's `manifest.json`), so manifests chain. */
  parents?: ManifestReference[];
  progress?: ProgressListener;
  signal?: AbortSignal;
  /**
   * Records the source cannot read are written to `OUT.quarantine.jsonl` and counted (default).
   * `true` stops the run with the source's InputError at the first one instead.
   */
  strict?: boolean;
}

/** What {@link encodeDocumentSource} wrote and counted. */
export interface EncodeDocumentSourceSummary extends EncodeTextFilesSummary {
  /** Records the source could not read, and where they went (when there were any). */
  quarantined: number;
  quarantine?: string;
}

/**
 * Encodes every document of a core `DocumentSource` (the `text` column of its batches; a
 * document without text becomes an empty one) into a token dataset: one document per Document,
 * in source order, as `ids` lines, Megatron-LM `.bin`/`.idx` or Arrow (whose `id` column keeps
 * the Document ids). Records the source cannot read (corrupt JSON, truncated compression, …) are
 * written to `OUT.quarantine.jsonl`, counted in the summary and the manifest (`quarantined`,
 * `quarantined:REASON`), and skipped; `strict: true` stops at the first with its InputError.
 * Pass `@oellm/dataset`'s readers (`openDocumentSource`) to encode a dataset directory.
 *
 * @example
 * ```ts
 * import { openDocumentSource } from '@oellm/dataset';
 * import { encodeDocumentSource, loadSentencePieceTokenizer } from '@oellm/tokenizer';
 * const tokenizer = await loadSentencePieceTokenizer('eu.model');
 * const source = await openDocumentSource(['data/mt/']);
 * await encodeDocumentSource(tokenizer, source, 'out/mt_text_document', { format: 'megatron' });
 * ```
 */
export async function encodeDocumentSource(tokenizer: SentencePieceTokenizer, source: DocumentSource, out: string, options: EncodeDocumentSourceOptions): Promise<EncodeDocumentSourceSummary> {
  const startedAt = Date.now();
  const total = await source.countRows?.();
  options.progress?.({ type: 'start', task: 'encode', unit: 'documents', ...(total !== undefined ? { total } : {}), label: 'encoding' });
  let documents = 0;
  const quarantinePath = quarantinePathFor(out);
  const quarantine = options.strict ? undefined : openQuarantineFile(quarantinePath);
  const readOptions: SourceReadOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(quarantine ? { quarantine: quarantine.add } : {}) };
  const onBatch = (rows: number): void => {
    documents += rows;
    options.progress?.({ type: 'advance', task: 'encode', completed: documents });
  };
  // Document ids only for Arrow output, the one format that keeps them.
  const chunks = packRecordBatches(source.batches(readOptions), { keepIds: options.format === 'arrow', onBatch });
  let summary: EncodeTextFilesSummary;
  try {
    summary = await writeTokenDataset(tokenizer, encodeChunks(tokenizer, chunks), out, options.format, {
      startedAt,
      inputs: options.inputs ?? [],
      ...(options.parents ? { parents: options.parents } : {}),
      ...(options.modelPath ? { modelPath: options.modelPath } : {}),
      ...(quarantine
        ? {
            finishSideOutputs: async () => {
              await quarantine.close();
              const { outputs, counts } = await quarantine.manifestEntries();
              return { outputs, counts: { quarantined: quarantine.count, ...counts } };
            },
          }
        : {}),
    });
  } catch (error) {
    await quarantine?.abort();
    throw error;
  }
  options.progress?.({ type: 'end', task: 'encode' });
  const quarantined = quarantine?.count ?? 0;
  return { ...summary, quarantined, ...(quarantined > 0 ? { quarantine: quarantinePath } : {}) };
}
