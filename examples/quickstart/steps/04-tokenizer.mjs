import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createManifest, describeFile, hashFile, writeManifest } from '@oellm/core';
import { openDocumentSource } from '@oellm/dataset';
import { computeFairnessReport, formatFairnessTable, sentencePieceTrainer, tokenizerPackage } from '@oellm/tokenizer';

/**
 * Trains a small SentencePiece BPE tokenizer in TypeScript on the UDHR dataset of step 3 (the
 * dataset's Parquet shards are a DocumentSource the trainer reads directly), saves it as a
 * .model that spm_encode and sentencepiece-js load, and prints what it costs each language
 * on the same articles (a fairness table: fertility, premium vs English, Gini).
 */
export const title = 'A tokenizer: train SentencePiece BPE on the dataset, save .model, print the fairness table';

const vocabularySize = 2000;

export async function run({ output, log }) {
  const startedAt = Date.now();
  const datasetDirectory = join(output, 'dataset');
  const shards = (await readdir(datasetDirectory)).filter((name) => name.endsWith('.parquet')).map((name) => join(datasetDirectory, name));
  const source = await openDocumentSource(shards);
  log(`sentencePieceTrainer.train(<Parquet shards of ${datasetDirectory}>, { vocabularySize: ${vocabularySize}, modelType: 'bpe', byteFallback: true })`);
  const trained = await sentencePieceTrainer.train(source, { vocabularySize, modelType: 'bpe', byteFallback: true });
  const directory = join(output, 'tokenizer');
  await mkdir(directory, { recursive: true });
  const prefix = join(directory, `udhr-eu24-bpe-${vocabularySize}`);
  const [model, vocabulary] = await trained.save(prefix);
  await writeManifest(
    `${prefix}.manifest.json`,
    createManifest({
      kind: 'tokenizer',
      name: `udhr-eu24-bpe-${vocabularySize}`,
      startedAt,
      producer: tokenizerPackage,
      parameters: { vocabularySize, modelType: 'bpe', byteFallback: true },
      parents: [{ path: join(datasetDirectory, 'manifest.json'), sha256: await hashFile(join(datasetDirectory, 'manifest.json')) }],
      inputs: await Promise.all(shards.map((path) => describeFile(path, { relativeTo: directory, role: 'dataset-shard' }))),
      outputs: [await describeFile(model, { relativeTo: directory, role: 'model' }), await describeFile(vocabulary, { relativeTo: directory, role: 'vocabulary' })],
    }),
  );
  log(`wrote ${model} (${trained.tokenizer.vocabularySize} pieces) and its manifest`);

  // Parallel text: the UDHR articles every language has, in article order.
  const articles = new Map();
  for await (const batch of source.batches()) {
    const ids = batch.getChild('id');
    const texts = batch.getChild('text');
    const languages = batch.getChild('lang');
    for (let row = 0; row < batch.numRows; row++) {
      const match = /^udhr-([a-z]+)-(\d+)$/.exec(String(ids.get(row)));
      if (!match || match[1] !== languages.get(row)) continue;
      if (!articles.has(match[1])) articles.set(match[1], new Map());
      articles.get(match[1]).set(Number(match[2]), String(texts.get(row)).replace(/\n/g, ' '));
    }
  }
  const common = [...articles.values()].map((byNumber) => new Set(byNumber.keys())).reduce((left, right) => new Set([...left].filter((number) => right.has(number))));
  const numbers = [...common].sort((left, right) => left - right);
  const parallel = [...articles].map(([language, byNumber]) => ({ name: language, language, lines: numbers.map((number) => byNumber.get(number)) }));
  const report = computeFairnessReport(trained.tokenizer, parallel);
  log(`fairness on ${numbers.length} parallel articles (trained and measured on the same text: a demo, not an evaluation):`);
  log(formatFairnessTable(report).trimEnd().replace(/^/gm, '   '));
  if (report.languages.length < 24) throw new Error(`expected 24 languages in the report, got ${report.languages.length}`);
}
