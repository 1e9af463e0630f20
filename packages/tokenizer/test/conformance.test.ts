import { describeTokenizerConformance, describeTokenizerTrainerConformance } from '@oellm/conformance/vitest';
import { loadSentencePieceTokenizer, sentencePieceTrainer } from '../src/index.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles } from './helpers/reference-tools.js';

// Models spm_train trained on FLORES; the conformance samples are UDHR text, so characters
// FLORES lacks are unknown (nmt_nfkc models) or byte-fallback pieces (lossless models).
const models = trainReferenceModels();

describeTokenizerConformance('Unigram with byte fallback', () => loadSentencePieceTokenizer(models.get('unigram-identity-byte-fallback')!, { threads: 0 }), { lossless: true });
describeTokenizerConformance('BPE with byte fallback', () => loadSentencePieceTokenizer(models.get('bpe-identity-byte-fallback')!, { threads: 0 }), { lossless: true });

describeTokenizerTrainerConformance('SentencePiece BPE trainer', sentencePieceTrainer, { trainOptions: { vocabularySize: 1000, modelType: 'bpe', byteFallback: true, normalizationRuleName: 'identity' } });
describeTokenizerTrainerConformance('SentencePiece Unigram trainer', sentencePieceTrainer, { trainOptions: { vocabularySize: 1000, modelType: 'unigram', byteFallback: true, normalizationRuleName: 'identity' } });
describeTokenizerConformance(
  'Unigram trained by our trainer, with byte fallback',
  async () => (await sentencePieceTrainer.train(floresFiles().flatMap(([, lines]) => lines.slice(0, 60)), { vocabularySize: 2000, modelType: 'unigram', byteFallback: true, normalizationRuleName: 'identity' })).tokenizer,
  { lossless: true },
);
