import type { DocumentSourceV1, TrainingCorpus } from '@oellm/core';

function isDocumentSource(corpus: TrainingCorpus): corpus is DocumentSourceV1 {
  return typeof (corpus as DocumentSourceV1).batches === 'function' && (corpus as DocumentSourceV1).specificationVersion === 'v1';
}

/** The sentences of a training corpus: strings as given, or the `text` column of a DocumentSource. */
export async function* readTrainingCorpus(corpus: TrainingCorpus, signal?: AbortSignal): AsyncGenerator<string> {
  if (isDocumentSource(corpus)) {
    for await (const batch of corpus.batches(signal ? { signal } : {})) {
      const column = batch.getChild('text');
      if (!column) continue;
      for (let row = 0; row < batch.numRows; row++) {
        const text = column.get(row) as string | null;
        if (text !== null && text !== undefined) yield text;
      }
    }
    return;
  }
  yield* corpus as AsyncIterable<string> | Iterable<string>;
}
