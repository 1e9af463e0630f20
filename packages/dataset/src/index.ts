/**
 * @oellm/dataset — streaming Arrow dataset I/O for web-crawl corpora: readers for JSONL
 * (plain, gzip, zstd; HPLT v2 and generic records), Parquet and Arrow IPC as core
 * `DocumentSource`s; a sharding `DocumentSink` writing Arrow IPC (zstd), Parquet (zstd) or
 * JSONL.zst with manifests; the resumable ingest pipeline; and document stages.
 */
export { Utf8ColumnBuilder } from './arrow/utf8-column-builder.js';
export { DocumentBatchBuilder } from './arrow/document-batch-builder.js';
export { utf8ColumnValues, utf8ColumnBytes, rowByteSizes } from './arrow/utf8-column-values.js';

export { loadZstdCompressor, loadNativeZstdCompressor, loadWasmZstdCompressor, zstdDecompress, registerArrowZstdCodec, type ZstdCompressor } from './compression/zstd.js';

export { mapRecord, normaliseLanguage, type MappedRecord } from './input/record-mapping.js';
export { decompressedChunks, compressionOf, hasZstdCommand, StreamDamage, type Compression, type DecompressOptions, type ZstdDecoder } from './input/decompressed-chunks.js';
export { reportBadRecord } from './input/quarantine.js';
export { createJsonlSource, jsonlBlockOptions, type JsonlSourceOptions } from './input/jsonl-source.js';
export { jsonlBlocks, type JsonlBlock, type JsonlBadUnit, type JsonlBlockOptions } from './input/jsonl-blocks.js';
export { parseJsonlBlock, type ParsedJsonlBlock } from './input/parse-jsonl-block.js';
export { createParquetSource, readParquetRecords, type ParquetSourceOptions } from './input/parquet-source.js';
export { createArrowIpcSource } from './input/arrow-ipc-source.js';
export { resolveInputs, inputFormatOf, type InputFormat } from './input/resolve-inputs.js';
export { openDocumentSource, sourceForFile, type OpenSourceOptions } from './input/open-source.js';

export { openShardFile, shardExtensions, type OutputFormat, type ShardFileOptions, type ShardFileWriter } from './output/shard-file-writer.js';
export { openWorkerShardFile, shardWorkerAvailable } from './output/worker-shard-file.js';
export { toTransferableBatch, fromTransferableBatch, transferList, type TransferableBatch } from './arrow/transferable-batch.js';
export { createDatasetSink, shardName, type CompletedShard, type DatasetSinkOptions } from './output/dataset-sink.js';
export { openQuarantineFile } from '@oellm/core';
export { defaultParserThreads, ingestDataset, type IngestOptions, type IngestSummary } from './output/ingest.js';
export { processUnit, type ProcessedUnit, type WorkUnit } from './parallel/process-unit.js';
export { openIngestWorkerPool, ingestWorkerAvailable, type IngestWorkerPool } from './parallel/ingest-worker-pool.js';
export { withStageRecipe, stageRecipeOf, type StageRecipe } from './parallel/stage-recipes.js';
export { stageFromRecipe } from './parallel/build-stage.js';
export { readDatasetStats, type DatasetStats } from './output/dataset-stats.js';

export { datasetPackage } from './package-version.js';

export { takeRows, partitionBatch } from './arrow/take-rows.js';
export { textsOf } from './stages/text-column.js';
export { createExactDedupStage } from './stages/exact-dedup.js';
export { createMinhashDedupStage } from './stages/minhash-dedup.js';
export { minhashWords, shingleHashes, minhashSignature, bandKeys, type MinhashOptions } from './stages/minhash.js';
export { createPiiMaskingStage, maskPii, type PiiMaskingOptions } from './stages/pii-masking.js';
export { gopherDefaults, gopherStopWords, gopherVerdict, type GopherThresholds } from './stages/gopher-rules.js';
export { createQualityFilterStage, type QualityFilterOptions } from './stages/quality-filter.js';
export { createLanguageIdStage, type LanguageIdOptions } from './stages/language-id.js';
export { loadFastTextLanguageModel, type FastTextLanguageModel, type LanguageGuess } from './stages/fasttext-language-model.js';
export { replaceUtf8Column } from './stages/replace-column.js';
