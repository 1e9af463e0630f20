import type { LanguageModelV1 } from '@oellm/core';
import { documentsToRecordBatch, recordBatchToDocuments } from '@oellm/core/arrow';
import { describe, expect, it } from 'vitest';
import { createBoilerplateStage, createClozeTask } from '../src/index.js';

describe('drop-cookie-banners', () => {
  it('drops short consent banners and keeps real text that mentions cookies', async () => {
    const long = `${'Ein langer Artikel über Datenschutz. '.repeat(20)}Cookies akzeptieren ist nicht Pflicht.`;
    const batch = documentsToRecordBatch([
      { id: 'banner-de', text: 'Wir verwenden Cookies. Cookies akzeptieren | Einstellungen', lang: 'de', source: null, url: null, metadata: null },
      { id: 'banner-fr', text: 'Accepter les cookies', lang: 'fr', source: null, url: null, metadata: null },
      { id: 'article', text: long, lang: 'de', source: null, url: null, metadata: null },
    ]);
    const result = await createBoilerplateStage().process(batch);
    expect(recordBatchToDocuments(result.kept).map((document) => document.id)).toEqual(['article']);
    expect(result.dropped.map((group) => [group.reason, recordBatchToDocuments(group.documents).map((document) => document.id)])).toEqual([
      ['boilerplate:cookie_banner', ['banner-de', 'banner-fr']],
    ]);
  });
});

describe('cloze task', () => {
  it('scores acc by comparing log-likelihoods of the choices', async () => {
    // A model that knows one fact: Valletta. Enough to check the task's arithmetic.
    const model: LanguageModelV1 = {
      specificationVersion: 'v1',
      modelId: 'knows-valletta',
      loglikelihood: async (requests) => requests.map((request) => ({ logLikelihood: request.continuation.includes('Valletta') ? -1 : -5, isGreedy: false })),
      loglikelihoodRolling: async () => [],
      generate: async () => [],
    };
    const task = createClozeTask('capitals', [
      { id: '1', language: 'mt', context: 'Il-belt kapitali ta’ Malta hi', answer: ' il-Belt Valletta', distractors: [' Ruma', ' Pariġi'] },
      { id: '2', language: 'mt', context: 'Il-belt kapitali ta’ Franza hi', answer: ' Pariġi', distractors: [' il-Belt Valletta'] },
      { id: '3', language: 'ga', context: 'Príomhchathair na hÉireann:', answer: ' Baile Átha Cliath', distractors: [' Corcaigh'] },
    ]);
    expect(task.languages).toEqual(['mt', 'ga']);
    const samples = await task.evaluate(model, { language: 'mt' });
    expect(samples.map((sample) => [sample.documentId, sample.values['acc']])).toEqual([['1', 1], ['2', 0]]);
    expect(await task.evaluate(model, { language: 'mt', limit: 1 })).toHaveLength(1);
  });
});
