import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@oellm/core';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { convertHuggingFaceLlama, openGguf, readHuggingFaceBpeVocabulary } from '../src/index.js';
import { tokenizerJson, trainByteLevelBpe } from './support/byte-level-bpe.js';
import { withLoadedModel } from './support/llama-runtime.js';
import { huggingFaceTensors, llamaConfig, safetensorsFile } from './support/synthetic-hugging-face.js';

// A byte-level BPE tokenizer.json converted to GGUF tokenizer metadata: llama.cpp (node-llama-cpp
// 3.21.1) must segment text exactly as Hugging Face's tokenizers.js does with the original file.
const directory = await mkdtemp(join(tmpdir(), 'oellm-hf-bpe-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const corpus = [
  'The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs.',
  'Grüße aus München! Die Straße ist 1234 Meter lang, und wir laufen sie 56 Mal.',
  'Dzień dobry, jak się masz? Świetnie, dziękuję. Ελληνικά: καλημέρα σας. Български: добро утро.',
  "C'est l'été; we're here, they'll see what you've done. I'm sure it's fine, isn't it?",
  'Tervetuloa Suomeen. Hyvää huomenta! Español: ¿Dónde está la biblioteca? Está aquí.',
  'Numbers 2024-11-27, prices €12.50 and $7, code: if (x > 3) { return y; }\n\nNew paragraph.\tTabbed   spaced.',
  // Where the two pre-tokenizers split differently: upper-case contractions and punctuation before letters.
  "IT'S LATE, IT'S DARK. WE'RE HOME, WE'RE SAFE. (the end) (the start) (the middle)",
];
const samples = [
  'The fox and the dog.',
  'Grüße aus Straße 98765, sagte er.',
  'Dzień dobry! καλημέρα; добро утро.',
  "We're sure they'll see it's done.",
  '  Leading spaces,\ttabs\n\nand newlines 3.14159 €€ ¿Sí?',
  'unseen words: Kuchen, zupełnie, λέξη, слово',
  "IT'S (the night), WE'RE (the people).",
];
const special = ['<|begin_of_text|>', '<|end_of_text|>'];
const shape = { embedding: 128, layers: 1, heads: 2, headsKv: 1, feedForward: 128 };

async function writeModelDirectory(style: 'llama-bpe' | 'gpt-2'): Promise<{ path: string; json: object; config: object; vocabularySize: number }> {
  const path = join(directory, style);
  await mkdir(path, { recursive: true });
  const { vocab, merges } = trainByteLevelBpe(corpus, 300);
  const json = tokenizerJson(vocab, merges, special, style);
  // Two padding rows past the last id, as models round their embedding up.
  const vocabularySize = Object.keys(vocab).length + special.length + 2;
  const config = { bos_token: special[0], eos_token: special[1], add_bos_token: true, tokenizer_class: 'PreTrainedTokenizerFast' };
  await writeFile(join(path, 'tokenizer.json'), JSON.stringify(json));
  await writeFile(join(path, 'tokenizer_config.json'), JSON.stringify(config));
  await writeFile(join(path, 'config.json'), llamaConfig(shape, { vocab_size: vocabularySize }));
  await writeFile(join(path, 'model.safetensors'), safetensorsFile(huggingFaceTensors(shape, vocabularySize)));
  return { path, json, config, vocabularySize };
}

describe.each(['llama-bpe', 'gpt-2'] as const)('Hugging Face tokenizer.json (byte-level BPE, %s) → GGUF', (style) => {
  it('llama.cpp tokenises and detokenises as tokenizers.js does with the original', async () => {
    const { path, json, config, vocabularySize } = await writeModelDirectory(style);
    const output = join(directory, `${style}.gguf`);
    await convertHuggingFaceLlama({ directory: path, output });

    const reader = await openGguf(output);
    const metadata = reader.metadata;
    await reader.close();
    expect(metadata.get('tokenizer.ggml.model')).toBe('gpt2');
    expect(metadata.get('tokenizer.ggml.pre')).toBe(style);
    const tokens = metadata.get('tokenizer.ggml.tokens') as string[];
    expect(tokens.length).toBe(vocabularySize);
    expect(tokens.at(-1)).toBe(`[PAD${vocabularySize - 1}]`);
    const bos = vocabularySize - 4;
    expect(metadata.get('tokenizer.ggml.bos_token_id')).toBe(bos);
    expect(metadata.get('tokenizer.ggml.eos_token_id')).toBe(bos + 1);
    expect(metadata.get('tokenizer.ggml.add_bos_token')).toBe(true);

    const reference = new Tokenizer(json, config);
    await withLoadedModel(output, (model) => {
      expect(model.tokens.bos).toBe(bos);
      for (const text of samples) {
        const expected = reference.encode(text, { add_special_tokens: false }).ids;
        const ours = [...model.tokenize(text)].map(Number);
        expect({ text, ids: ours }).toEqual({ text, ids: expected });
        expect(model.detokenize(model.tokenize(text))).toBe(text);
      }
      // The special tokens are control tokens llama.cpp recognises in text when asked to.
      expect([...model.tokenize(special[1]!, true)].map(Number)).toEqual([bos + 1]);
    });
  });
});

describe('readHuggingFaceBpeVocabulary refuses what llama.cpp could not use', () => {
  const { vocab, merges } = trainByteLevelBpe(corpus.slice(0, 1), 20);
  const valid = tokenizerJson(vocab, merges, special, 'llama-bpe') as { model: Record<string, unknown>; pre_tokenizer: unknown };
  const read = (json: object, config: Record<string, unknown> = {}) => readHuggingFaceBpeVocabulary(JSON.stringify(json), {}, config, 'tokenizer.json');

  it.each([
    ['a WordPiece model', { ...valid, model: { ...valid.model, type: 'WordPiece' } }, {}, 'model.type'],
    ['a SentencePiece-style BPE', { ...valid, model: { ...valid.model, byte_fallback: true } }, {}, 'model.byte_fallback'],
    ['an unknown pre-tokenizer', { ...valid, pre_tokenizer: { type: 'Whitespace' } }, {}, 'pre_tokenizer'],
    ['ids with huge gaps', { ...valid, model: { ...valid.model, vocab: { a: 0, b: 2_000_000_000 } } }, {}, 'model.vocab'],
    ['a vocab_size far past the ids', valid, { vocab_size: 1e9 }, 'vocab_size'],
  ])('%s', (_, json, config, field) => {
    let error: unknown;
    try {
      read(json, config);
    } catch (caught) {
      error = caught;
    }
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).message).toContain('tokenizer.json');
    expect(JSON.stringify((error as InputError).location)).toContain(field);
  });
});
