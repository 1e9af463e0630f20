import { languages } from '@oellm/core';
import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import { describeDocumentStageConformance } from '@oellm/conformance/vitest';
import { describe, expect, it } from 'vitest';
import { createLanguageIdStage } from '../src/index.js';
import { floresSentences } from './helpers.js';

const euLanguages = languages.filter((language) => language.group === 'eu-official');
const sentencesPerLanguage = 150;

describeDocumentStageConformance('language-id', () => createLanguageIdStage());

describe('language identification (fastText lid.176)', () => {
  it(`labels FLORES-200 dev sentences of the 24 EU languages correctly at least 94% of the time (${sentencesPerLanguage} per language)`, async () => {
    const stage = await createLanguageIdStage({ languages: euLanguages.map((language) => language.code) });
    const correct: Record<string, number> = {};
    let total = 0;
    let right = 0;
    for (const language of euLanguages) {
      const sentences = floresSentences(language.flores200!, sentencesPerLanguage);
      const batch = documentsToRecordBatch(sentences.map((text, index) => ({ id: `${language.code}-${index}`, text, lang: null, source: 'flores', url: null, metadata: null })));
      const result = await stage.process(batch);
      const labelled = [...recordBatchToDocuments(result.kept), ...result.dropped.flatMap((group) => recordBatchToDocuments(group.documents))];
      correct[language.code] = labelled.filter((document) => document.lang === language.code).length / sentences.length;
      right += labelled.filter((document) => document.lang === language.code).length;
      total += sentences.length;
    }
    expect(right / total).toBeGreaterThanOrEqual(0.94);
    expect(correct['ga']).toBeGreaterThanOrEqual(0.9);
    expect(correct['mt']).toBeGreaterThanOrEqual(0.8);
  });

  it('leaves no process-wide error handlers behind (the emscripten runtime installs some)', async () => {
    const before = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
    await createLanguageIdStage();
    expect([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]).toEqual(before);
  });

  it('keeps a confident corpus label, relabels a wrong unconfident one, and drops unidentifiable text', async () => {
    const stage = await createLanguageIdStage();
    const maltese = floresSentences('mlt_Latn', 4).join(' ');
    const batch = documentsToRecordBatch([
      { id: 'trusted', text: maltese, lang: 'it', source: 'hplt-v2', url: null, metadata: { prob: [0.97] } },
      { id: 'relabelled', text: maltese, lang: 'it', source: 'hplt-v2', url: null, metadata: { prob: [0.4] } },
      { id: 'unlabelled', text: maltese, lang: null, source: null, url: null, metadata: null },
      { id: 'noise', text: '12345 67890 !!! ###', lang: null, source: null, url: null, metadata: null },
    ]);
    const result = await stage.process(batch);
    expect(recordBatchToDocuments(result.kept).map((document) => [document.id, document.lang])).toEqual([['trusted', 'it'], ['relabelled', 'mt'], ['unlabelled', 'mt']]);
    expect(result.dropped.map((group) => [group.reason, recordBatchToDocuments(group.documents).map((document) => document.id)])).toEqual([['lang_id:low_confidence', ['noise']]]);
  });
});
