import type { DocumentStageV1 } from '@oellm/core';
import { partitionBatch } from '../arrow/take-rows.js';
import { bandKeys, minhashSignature, type MinhashOptions } from './minhash.js';
import { textsOf } from './text-column.js';

/**
 * Near-duplicate removal with MinHash LSH (datatrove's defaults: 5-word shingles, 14 bands of
 * 8 hashes, so pairs with Jaccard similarity 0.8 are caught with probability 0.92 and pairs at
 * 0.5 with 0.05). Streaming: the first document of a near-duplicate group is kept and later
 * ones are dropped as `dedup:minhash`, across all batches and shards of a run.
 *
 * @example
 * ```ts
 * import { createMinhashDedupStage, ingestDataset } from '@oellm/dataset';
 * await ingestDataset({ inputs: ['crawl/'], out: 'dedup', stages: [createMinhashDedupStage()] });
 * ```
 */
export function createMinhashDedupStage(options: MinhashOptions = {}): DocumentStageV1 {
  const bands = options.bands ?? 14;
  const hashesPerBand = options.hashesPerBand ?? 8;
  const buckets = Array.from({ length: bands }, () => new Set<number>());
  return {
    specificationVersion: 'v1',
    name: 'minhash-dedup',
    stateful: true,
    process(batch) {
      const verdicts = textsOf(batch).map((text) => {
        const keys = bandKeys(minhashSignature(text, options), bands, hashesPerBand);
        const duplicate = keys.some((key, band) => buckets[band]!.has(key));
        if (duplicate) return 'dedup:minhash';
        keys.forEach((key, band) => buckets[band]!.add(key));
        return null;
      });
      return partitionBatch(batch, verdicts);
    },
  };
}
