import { createHash } from 'node:crypto';
import type { DocumentStageV1 } from '@oellm/core';
import { partitionBatch } from '../arrow/take-rows.js';
import { textsOf } from './text-column.js';

/**
 * Exact deduplication across all batches (and shards) of a run: the first document with a
 * given text is kept, later ones are dropped as `dedup:exact`. Texts are compared by a
 * 128-bit hash (MD5 of the UTF-8 text; collisions are negligible at corpus scale and this is
 * not a security use), so memory is about 60 bytes per distinct document.
 *
 * @example
 * ```ts
 * import { createExactDedupStage, ingestDataset } from '@oellm/dataset';
 * await ingestDataset({ inputs: ['crawl/'], out: 'dedup', stages: [createExactDedupStage()] });
 * ```
 */
export function createExactDedupStage(): DocumentStageV1 {
  const seen = new Set<string>();
  return {
    specificationVersion: 'v1',
    name: 'exact-dedup',
    stateful: true,
    process(batch) {
      const verdicts = textsOf(batch).map((text) => {
        const key = createHash('md5').update(text).digest('base64');
        if (seen.has(key)) return 'dedup:exact';
        seen.add(key);
        return null;
      });
      return partitionBatch(batch, verdicts);
    },
  };
}
