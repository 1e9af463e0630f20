import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document, DocumentSourceV1, QuarantineRecord } from '@oellm/core';
import { recordBatchToDocuments } from '@oellm/core/arrow';

export const floresDirectory = new URL('../../../../shared/data/flores200-dev/', import.meta.url);

/** The first `count` FLORES dev sentences of a language (e.g. `mlt_Latn`). */
export function floresSentences(floresCode: string, count = 997): string[] {
  return readFileSync(new URL(`${floresCode}.dev`, floresDirectory), 'utf8').split('\n').filter((line) => line !== '').slice(0, count);
}

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'oellm-dataset-'));
}

/** Compresses with the reference `zstd` command-line tool (Debian package `zstd`). */
export function zstdCli(input: string, output: string): void {
  execFileSync('zstd', ['-q', '-f', input, '-o', output]);
}

export async function readAll(source: DocumentSourceV1, strict = false): Promise<{ documents: Document[]; quarantined: QuarantineRecord[] }> {
  const quarantined: QuarantineRecord[] = [];
  const documents: Document[] = [];
  for await (const batch of source.batches(strict ? {} : { quarantine: (record) => quarantined.push(record) })) documents.push(...recordBatchToDocuments(batch));
  return { documents, quarantined };
}

export const languagesUnderTest: Array<[string, string]> = [
  ['mt', 'mlt_Latn'],
  ['ga', 'gle_Latn'],
  ['el', 'ell_Grek'],
  ['bg', 'bul_Cyrl'],
  ['de', 'deu_Latn'],
];

/** Realistic documents: FLORES sentences in several languages, some with metadata and URLs. */
export function sampleDocuments(perLanguage = 20): Document[] {
  const documents: Document[] = [];
  for (const [code, flores] of languagesUnderTest) {
    floresSentences(flores, perLanguage).forEach((text, index) => {
      documents.push({
        id: `${code}-${index}`,
        text,
        lang: code,
        source: index % 3 === 0 ? null : 'flores-200',
        url: index % 2 === 0 ? `https://example.org/${code}/${index}` : null,
        metadata: index % 4 === 0 ? { split: 'dev', index, score: index / 7 } : null,
      });
    });
  }
  return documents;
}
