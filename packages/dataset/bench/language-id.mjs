// Language ID accuracy per language on FLORES-200 dev (997 single sentences per language) and
// throughput in sentences/s, choosing among the 24 EU languages and among all registry languages.
import { readFileSync } from 'node:fs';
import { languages } from '@oellm/core';
import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import { createLanguageIdStage } from '../dist/index.js';

const flores = new URL('../../../../shared/data/flores200-dev/', import.meta.url);
const eu = languages.filter((language) => language.group === 'eu-official');
for (const [title, allowed] of [['24 EU languages', eu.map((language) => language.code)], ['all registry languages', undefined]]) {
  const stage = await createLanguageIdStage(allowed ? { languages: allowed } : {});
  let right = 0;
  let total = 0;
  let seconds = 0;
  const perLanguage = [];
  for (const language of eu) {
    const sentences = readFileSync(new URL(`${language.flores200}.dev`, flores), 'utf8').split('\n').filter(Boolean);
    const batch = documentsToRecordBatch(sentences.map((text, index) => ({ id: String(index), text, lang: null, source: null, url: null, metadata: null })));
    const started = performance.now();
    const result = await stage.process(batch);
    seconds += (performance.now() - started) / 1000;
    const labelled = [...recordBatchToDocuments(result.kept), ...result.dropped.flatMap((group) => recordBatchToDocuments(group.documents))];
    const correct = labelled.filter((document) => document.lang === language.code).length;
    right += correct;
    total += sentences.length;
    perLanguage.push(`${language.code} ${((100 * correct) / sentences.length).toFixed(1)}`);
  }
  console.log(`language ID among ${title}: ${((100 * right) / total).toFixed(2)}% of ${total} FLORES dev sentences, ${(total / seconds).toFixed(0)} sentences/s`);
  console.log(`  ${perLanguage.join(', ')}`);
}
