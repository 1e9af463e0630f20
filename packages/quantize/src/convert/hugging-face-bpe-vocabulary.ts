import { InputError } from '@oellm/core';

/**
 * What GGUF needs from a Hugging Face byte-level BPE tokenizer (`tokenizer.json`, with
 * `tokenizer_config.json` and `config.json` for the special tokens), as llama.cpp's
 * convert_hf_to_gguf.py (`_set_vocab_gpt2`) and gguf-py's SpecialVocab derive it.
 *
 * @example
 * ```ts
 * import type { HuggingFaceBpeVocabulary } from '@oellm/quantize';
 * const size = (vocabulary: HuggingFaceBpeVocabulary) => vocabulary.tokens.length;
 * ```
 */
export interface HuggingFaceBpeVocabulary {
  /** llama.cpp's pre-tokenizer name (`tokenizer.ggml.pre`): `llama-bpe` (Llama 3 split) or `gpt-2`. */
  preTokenizer: 'llama-bpe' | 'gpt-2';
  /** Token texts by id (byte-level characters as in tokenizer.json); gaps are `[PADn]`. */
  tokens: string[];
  /** llama.cpp token types: 1 normal, 3 control, 4 user-defined, 5 unused. */
  types: number[];
  /** Merges as `left right`, in priority order. */
  merges: string[];
  bosId?: number;
  eosId?: number;
  unknownId?: number;
  padId?: number;
  addBosToken?: boolean;
  addEosToken?: boolean;
}

/** The regex of Llama 3's Split pre-tokenizer, which llama.cpp implements as `llama-bpe`. */
const llama3Pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

const tokenTypes = { normal: 1, control: 3, userDefined: 4, unused: 5 } as const;
/** A bound on vocab_size beyond the ids present: padding rows, never a size read blindly from a file. */
const maximumPadding = 1 << 16;

interface AddedToken {
  id: number;
  content: string;
  special?: boolean;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a byte-level BPE `tokenizer.json` (the text of the file) into GGUF tokenizer metadata.
 * `tokenizerConfig` and `config` are the parsed tokenizer_config.json and config.json (either may be
 * empty). Throws an InputError naming the file and field for anything llama.cpp could not use
 * (SentencePiece-style or WordPiece tokenizers, unknown pre-tokenizers, bad ids).
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { readHuggingFaceBpeVocabulary } from '@oellm/quantize';
 * const vocabulary = readHuggingFaceBpeVocabulary(await readFile('tokenizer.json', 'utf8'), {}, {}, 'tokenizer.json');
 * ```
 */
export function readHuggingFaceBpeVocabulary(text: string, tokenizerConfig: JsonObject, config: JsonObject, file: string): HuggingFaceBpeVocabulary {
  const fail = (field: string, message: string): never => {
    throw new InputError({ code: 'unsupported_tokenizer', message, location: { file, field } });
  };
  let tokenizer: unknown;
  try {
    tokenizer = JSON.parse(text);
  } catch (error) {
    throw new InputError({ code: 'invalid_tokenizer', message: `is not valid JSON: ${(error as Error).message}`, location: { file }, cause: error });
  }
  if (!isObject(tokenizer) || !isObject(tokenizer['model'])) return fail('model', 'has no "model" object; is this a Hugging Face tokenizer.json?');
  const model = tokenizer['model'];
  if (model['type'] !== 'BPE') return fail('model.type', `is ${JSON.stringify(model['type'])}; only BPE tokenizer.json files are converted (for SentencePiece models provide tokenizer.model)`);
  if (model['byte_fallback'] === true) return fail('model.byte_fallback', 'is true: a SentencePiece-style BPE; provide the tokenizer.model it was exported from');
  const preTokenizer = detectPreTokenizer(tokenizer['pre_tokenizer'], fail);

  const vocab = model['vocab'];
  if (!isObject(vocab)) return fail('model.vocab', 'must be an object of token → id');
  const byId = new Map<number, string>();
  const register = (token: string, id: unknown, field: string): void => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0x7fffffff) fail(field, `id ${JSON.stringify(id)} of ${JSON.stringify(token)} is not a token id`);
    const previous = byId.get(id as number);
    if (previous !== undefined && previous !== token) fail(field, `id ${id} is given to both ${JSON.stringify(previous)} and ${JSON.stringify(token)}`);
    byId.set(id as number, token);
  };
  for (const [token, id] of Object.entries(vocab)) register(token, id, 'model.vocab');
  const addedTokens: AddedToken[] = [];
  const added = tokenizer['added_tokens'] ?? [];
  if (!Array.isArray(added)) return fail('added_tokens', 'must be an array');
  for (const [index, entry] of added.entries()) {
    if (!isObject(entry) || typeof entry['content'] !== 'string') return fail(`added_tokens[${index}]`, 'needs a string "content" and an "id"');
    register(entry['content'], entry['id'], `added_tokens[${index}]`);
    addedTokens.push({ id: entry['id'] as number, content: entry['content'], special: entry['special'] === true });
  }
  let highestId = -1;
  for (const id of byId.keys()) if (id > highestId) highestId = id;
  if (highestId + 1 > byId.size + maximumPadding) fail('model.vocab', `ids go up to ${highestId} for ${byId.size} tokens; the gaps are too large`);
  const declaredSize = config['vocab_size'];
  let size = highestId + 1;
  if (declaredSize !== undefined) {
    if (typeof declaredSize !== 'number' || !Number.isInteger(declaredSize) || declaredSize < size || declaredSize > size + maximumPadding) {
      fail('vocab_size', `config.json's vocab_size ${JSON.stringify(declaredSize)} does not fit the ${size} token ids of ${file}`);
    }
    size = declaredSize as number;
  }

  // convert_hf_to_gguf.py's get_vocab_base: gaps become [PADn] (unused), added tokens control
  // (special, or looking special) or user-defined, the rest normal.
  const addedById = new Map(addedTokens.map((token) => [token.id, token]));
  const tokens: string[] = new Array(size);
  const types: number[] = new Array(size);
  for (let id = 0; id < size; id++) {
    const token = byId.get(id);
    const addedToken = addedById.get(id);
    if (token === undefined) {
      tokens[id] = `[PAD${id}]`;
      types[id] = tokenTypes.unused;
    } else if (addedToken) {
      const control = addedToken.special || looksSpecial(token);
      tokens[id] = control ? token : token.replaceAll('\u2581', ' ');
      types[id] = control ? tokenTypes.control : tokenTypes.userDefined;
    } else {
      tokens[id] = token;
      types[id] = tokenTypes.normal;
    }
  }

  const merges = readMerges(model['merges'], fail);
  const vocabulary: HuggingFaceBpeVocabulary = { preTokenizer, tokens, types, merges };
  // gguf-py SpecialVocab: tokenizer_config.json's token strings resolved through added_tokens,
  // then config.json's *_token_id for what is still missing.
  for (const [kind, key] of [['bos', 'bosId'], ['eos', 'eosId'], ['unk', 'unknownId'], ['pad', 'padId']] as const) {
    const entry = tokenizerConfig[`${kind}_token`];
    const content = typeof entry === 'string' ? entry : isObject(entry) && typeof entry['content'] === 'string' ? entry['content'] : undefined;
    let id = content === undefined ? undefined : addedTokens.find((token) => token.content === content)?.id;
    if (id === undefined) {
      const fromConfig = config[`${kind}_token_id`];
      if (typeof fromConfig === 'number' && Number.isInteger(fromConfig) && fromConfig >= 0 && fromConfig < size) id = fromConfig;
    }
    if (id !== undefined) vocabulary[key] = id;
  }
  if (typeof tokenizerConfig['add_bos_token'] === 'boolean') vocabulary.addBosToken = tokenizerConfig['add_bos_token'];
  if (typeof tokenizerConfig['add_eos_token'] === 'boolean') vocabulary.addEosToken = tokenizerConfig['add_eos_token'];
  return vocabulary;
}

/** gguf-py's does_token_look_special. */
function looksSpecial(token: string): boolean {
  return ['<pad>', '<mask>', '<2mass>', '[@BOS@]'].includes(token)
    || (token.startsWith('<|') && token.endsWith('|>'))
    || (token.startsWith('<｜') && token.endsWith('｜>'))
    || (token.startsWith('<unused') && token.endsWith('>'));
}

/** The pre-tokenizers llama.cpp implements for byte-level BPE: Llama 3's split, or GPT-2's byte-level regex. */
function detectPreTokenizer(preTokenizer: unknown, fail: (field: string, message: string) => never): 'llama-bpe' | 'gpt-2' {
  const steps = isObject(preTokenizer) && preTokenizer['type'] === 'Sequence' && Array.isArray(preTokenizer['pretokenizers'])
    ? (preTokenizer['pretokenizers'] as unknown[])
    : [preTokenizer];
  const [first, second] = steps;
  const pattern = isObject(first) && isObject(first['pattern']) ? first['pattern']['Regex'] : undefined;
  if (steps.length === 2 && isObject(first) && first['type'] === 'Split' && pattern === llama3Pattern
    && isObject(second) && second['type'] === 'ByteLevel' && second['use_regex'] === false && second['add_prefix_space'] !== true) {
    return 'llama-bpe';
  }
  if (steps.length === 1 && isObject(first) && first['type'] === 'ByteLevel' && first['use_regex'] !== false && first['add_prefix_space'] !== true) {
    return 'gpt-2';
  }
  return fail('pre_tokenizer', 'is not one llama.cpp knows for byte-level BPE: supported are Llama 3\'s Split + ByteLevel (llama-bpe) and GPT-2\'s ByteLevel (gpt-2)');
}

/** Merges as "left right" strings (the newer [left, right] pairs are joined; spaces in them become U+0120 + 256 as gguf-py does). */
function readMerges(merges: unknown, fail: (field: string, message: string) => never): string[] {
  if (!Array.isArray(merges)) return fail('model.merges', 'must be an array of merges');
  return merges.map((merge, index) => {
    if (typeof merge === 'string') return merge;
    if (Array.isArray(merge) && merge.length === 2 && typeof merge[0] === 'string' && typeof merge[1] === 'string') {
      const encode = (part: string) => [...part].map((character) => (character === ' ' ? String.fromCodePoint(' '.codePointAt(0)! + 256) : character)).join('');
      return `${encode(merge[0])} ${encode(merge[1])}`;
    }
    return fail(`model.merges[${index}]`, 'must be "left right" or [left, right]');
  });
}
