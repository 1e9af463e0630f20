import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, type ProgressListener } from '@oellm/core';
import { createGgufWriter, type GgufWriter } from '../gguf/gguf-writer.js';
import { GgufValueType } from '../gguf/gguf-value-type.js';
import { openSafetensors } from '../safetensors/safetensors-reader.js';
import { readHuggingFaceBpeVocabulary, type HuggingFaceBpeVocabulary } from './hugging-face-bpe-vocabulary.js';
import { readSentencePieceVocabulary, type SentencePieceVocabulary } from './sentencepiece-vocabulary.js';

/**
 * Options of {@link convertHuggingFaceLlama}.
 *
 * @example
 * ```ts
 * import type { ConvertHuggingFaceLlamaOptions } from '@oellm/quantize';
 * const options: ConvertHuggingFaceLlamaOptions = { directory: 'EuroLLM-1.7B/', output: 'eurollm-f32.gguf' };
 * ```
 */
export interface ConvertHuggingFaceLlamaOptions {
  /** A Hugging Face model directory: config.json, model.safetensors[.index.json], tokenizer.model or tokenizer.json. */
  directory: string;
  output: string;
  onProgress?: ProgressListener;
}

// Hugging Face Llama tensor names → GGUF names (llama.cpp's tensor mapping for LLaMA).
const layerNames: Record<string, string> = {
  'self_attn.q_proj.weight': 'attn_q.weight',
  'self_attn.k_proj.weight': 'attn_k.weight',
  'self_attn.v_proj.weight': 'attn_v.weight',
  'self_attn.o_proj.weight': 'attn_output.weight',
  'mlp.gate_proj.weight': 'ffn_gate.weight',
  'mlp.up_proj.weight': 'ffn_up.weight',
  'mlp.down_proj.weight': 'ffn_down.weight',
  'input_layernorm.weight': 'attn_norm.weight',
  'post_attention_layernorm.weight': 'ffn_norm.weight',
};

/** GGUF name of a Hugging Face Llama tensor, or undefined for tensors llama.cpp does not use. */
function ggufNameOf(name: string): string | undefined {
  if (name === 'model.embed_tokens.weight') return 'token_embd.weight';
  if (name === 'model.norm.weight') return 'output_norm.weight';
  if (name === 'lm_head.weight') return 'output.weight';
  const match = /^model\.layers\.(\d+)\.(.+)$/.exec(name);
  if (match && layerNames[match[2]!]) return `blk.${match[1]}.${layerNames[match[2]!]}`;
  return undefined;
}

/**
 * The row permutation convert_hf_to_gguf.py applies to q and k projections: Hugging Face stores
 * each head's rotary pairs as two halves, llama.cpp interleaves them. Rows are outputs (GGUF ne[1]).
 *
 * @example
 * ```ts
 * import { permuteRotaryRows } from '@oellm/quantize';
 * const query = permuteRotaryRows(weights, 4096, 4096, 32); // q_proj of a 32-head model
 * ```
 */
export function permuteRotaryRows(weights: Float32Array, rows: number, columns: number, heads: number): Float32Array {
  const out = new Float32Array(weights.length);
  const half = rows / heads / 2;
  for (let head = 0; head < heads; head++) {
    for (let pair = 0; pair < half; pair++) {
      for (let side = 0; side < 2; side++) {
        const from = head * 2 * half + side * half + pair;
        const to = head * 2 * half + pair * 2 + side;
        out.set(weights.subarray(from * columns, (from + 1) * columns), to * columns);
      }
    }
  }
  return out;
}

type Tokenizer = ({ kind: 'sentencepiece' } & SentencePieceVocabulary) | ({ kind: 'bpe' } & HuggingFaceBpeVocabulary);

/** tokenizer.model (SentencePiece) when present, as convert_hf_to_gguf.py prefers it; else a byte-level BPE tokenizer.json. */
async function readTokenizer(directory: string, config: Record<string, unknown>): Promise<Tokenizer> {
  const sentencePiece = join(directory, 'tokenizer.model');
  const bytes = await readFile(sentencePiece).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (bytes) return { kind: 'sentencepiece', ...readSentencePieceVocabulary(bytes, sentencePiece) };
  const tokenizerJson = join(directory, 'tokenizer.json');
  const text = await readFile(tokenizerJson, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new InputError({ code: 'missing_tokenizer', message: 'has neither tokenizer.model nor tokenizer.json; copy the tokenizer files of the model into the directory', location: { file: directory } });
    }
    throw error;
  });
  const configFile = join(directory, 'tokenizer_config.json');
  let tokenizerConfig: Record<string, unknown> = {};
  try {
    tokenizerConfig = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new InputError({ code: 'invalid_tokenizer_config', message: 'is not valid JSON', location: { file: configFile }, cause: error });
    }
  }
  return { kind: 'bpe', ...readHuggingFaceBpeVocabulary(text, tokenizerConfig, config, tokenizerJson) };
}

function writeSentencePieceMetadata(writer: GgufWriter, vocabulary: SentencePieceVocabulary): void {
  const u32 = GgufValueType.UINT32;
  writer.setMetadata('tokenizer.ggml.model', 'llama');
  writer.setMetadata('tokenizer.ggml.tokens', vocabulary.tokens, GgufValueType.ARRAY, GgufValueType.STRING);
  writer.setMetadata('tokenizer.ggml.scores', vocabulary.scores, GgufValueType.ARRAY, GgufValueType.FLOAT32);
  writer.setMetadata('tokenizer.ggml.token_type', vocabulary.types, GgufValueType.ARRAY, GgufValueType.INT32);
  writer.setMetadata('tokenizer.ggml.add_space_prefix', vocabulary.addDummyPrefix, GgufValueType.BOOL);
  writer.setMetadata('tokenizer.ggml.bos_token_id', vocabulary.bosId, u32);
  writer.setMetadata('tokenizer.ggml.eos_token_id', vocabulary.eosId, u32);
  writer.setMetadata('tokenizer.ggml.unknown_token_id', vocabulary.unknownId, u32);
  if (vocabulary.padId >= 0) writer.setMetadata('tokenizer.ggml.padding_token_id', vocabulary.padId, u32);
}

/** convert_hf_to_gguf.py's _set_vocab_gpt2 keys and gguf-py SpecialVocab's. */
function writeBpeMetadata(writer: GgufWriter, vocabulary: HuggingFaceBpeVocabulary): void {
  const u32 = GgufValueType.UINT32;
  writer.setMetadata('tokenizer.ggml.model', 'gpt2');
  writer.setMetadata('tokenizer.ggml.pre', vocabulary.preTokenizer);
  writer.setMetadata('tokenizer.ggml.tokens', vocabulary.tokens, GgufValueType.ARRAY, GgufValueType.STRING);
  writer.setMetadata('tokenizer.ggml.token_type', vocabulary.types, GgufValueType.ARRAY, GgufValueType.INT32);
  writer.setMetadata('tokenizer.ggml.merges', vocabulary.merges, GgufValueType.ARRAY, GgufValueType.STRING);
  if (vocabulary.bosId !== undefined) writer.setMetadata('tokenizer.ggml.bos_token_id', vocabulary.bosId, u32);
  if (vocabulary.eosId !== undefined) writer.setMetadata('tokenizer.ggml.eos_token_id', vocabulary.eosId, u32);
  if (vocabulary.unknownId !== undefined) writer.setMetadata('tokenizer.ggml.unknown_token_id', vocabulary.unknownId, u32);
  if (vocabulary.padId !== undefined) writer.setMetadata('tokenizer.ggml.padding_token_id', vocabulary.padId, u32);
  if (vocabulary.addBosToken !== undefined) writer.setMetadata('tokenizer.ggml.add_bos_token', vocabulary.addBosToken, GgufValueType.BOOL);
  if (vocabulary.addEosToken !== undefined) writer.setMetadata('tokenizer.ggml.add_eos_token', vocabulary.addEosToken, GgufValueType.BOOL);
}

function integer(config: Record<string, unknown>, key: string, file: string, fallback?: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InputError({ code: 'invalid_config', message: `'${key}' must be a positive integer, found ${JSON.stringify(value)}`, location: { file, field: key } });
  }
  return value;
}

/**
 * Converts a Hugging Face Llama-family directory (Llama, Mistral, EuroLLM, Viking, Poro,
 * Salamandra) to a GGUF F32 file as llama.cpp's convert_hf_to_gguf.py does: config.json →
 * `llama.*` metadata, tensor names → GGUF names, q/k rows permuted for llama.cpp's RoPE, and
 * the tokenizer → `tokenizer.ggml.*` (SentencePiece `tokenizer.model`, or a byte-level BPE
 * `tokenizer.json` with `tokenizer_config.json`). Tensors stream one at a time.
 *
 * @example
 * ```ts
 * import { convertHuggingFaceLlama, quantizeModel } from '@oellm/quantize';
 * await convertHuggingFaceLlama({ directory: 'EuroLLM-1.7B/', output: 'eurollm-f32.gguf' });
 * await quantizeModel({ input: 'eurollm-f32.gguf', output: 'eurollm-Q4_K_M.gguf', fileType: 'Q4_K_M' });
 * ```
 */
export async function convertHuggingFaceLlama(options: ConvertHuggingFaceLlamaOptions): Promise<void> {
  const configFile = join(options.directory, 'config.json');
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError({ code: 'invalid_config', message: 'is missing or not valid JSON; a Hugging Face model directory needs config.json', location: { file: configFile }, cause: error });
  }
  const architectures = (config['architectures'] as string[] | undefined) ?? [];
  if (!architectures.some((name) => /^(Llama|Mistral)ForCausalLM$/.test(name))) {
    throw new InputError({ code: 'unsupported_architecture', message: `architectures ${JSON.stringify(architectures)}: only LlamaForCausalLM and MistralForCausalLM are converted`, location: { file: configFile, field: 'architectures' } });
  }
  const embedding = integer(config, 'hidden_size', configFile);
  const layers = integer(config, 'num_hidden_layers', configFile);
  const heads = integer(config, 'num_attention_heads', configFile);
  const headsKv = integer(config, 'num_key_value_heads', configFile, heads);
  const feedForward = integer(config, 'intermediate_size', configFile);
  const contextLength = integer(config, 'max_position_embeddings', configFile);
  const vocabulary = await readTokenizer(options.directory, config);

  const reader = await openSafetensors(options.directory);
  const writer = createGgufWriter(options.output);
  try {
    const u32 = GgufValueType.UINT32;
    writer.setMetadata('general.architecture', 'llama');
    writer.setMetadata('general.name', String(config['_name_or_path'] ?? 'model'));
    writer.setMetadata('llama.block_count', layers, u32);
    writer.setMetadata('llama.context_length', contextLength, u32);
    writer.setMetadata('llama.embedding_length', embedding, u32);
    writer.setMetadata('llama.feed_forward_length', feedForward, u32);
    writer.setMetadata('llama.attention.head_count', heads, u32);
    writer.setMetadata('llama.attention.head_count_kv', headsKv, u32);
    writer.setMetadata('llama.rope.freq_base', Number(config['rope_theta'] ?? 10000), GgufValueType.FLOAT32);
    writer.setMetadata('llama.attention.layer_norm_rms_epsilon', Number(config['rms_norm_eps'] ?? 1e-5), GgufValueType.FLOAT32);
    writer.setMetadata('general.file_type', 0, u32);
    writer.setMetadata('llama.vocab_size', vocabulary.tokens.length, u32);
    writer.setMetadata('llama.rope.dimension_count', embedding / heads, u32);
    if (vocabulary.kind === 'sentencepiece') writeSentencePieceMetadata(writer, vocabulary);
    else writeBpeMetadata(writer, vocabulary);

    const mapped = reader.tensors.flatMap((tensor) => {
      const name = ggufNameOf(tensor.name);
      return name ? [{ source: tensor, target: { name, shape: tensor.shape, type: 'F32', byteLength: (tensor.byteLength / (tensor.type === 'F32' ? 4 : 2)) * 4 } }] : [];
    });
    writer.declareTensors(mapped.map((entry) => entry.target));
    options.onProgress?.({ type: 'start', task: 'convert', unit: 'tensors', total: mapped.length });
    let done = 0;
    for (const { source, target } of mapped) {
      let weights = await reader.readFloat32(source.name);
      const columns = source.shape[0] ?? 1;
      const rows = weights.length / columns;
      if (target.name.endsWith('attn_q.weight')) weights = permuteRotaryRows(weights, rows, columns, heads);
      else if (target.name.endsWith('attn_k.weight')) weights = permuteRotaryRows(weights, rows, columns, headsKv);
      await writer.writeTensor(target, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
      options.onProgress?.({ type: 'advance', task: 'convert', completed: ++done, total: mapped.length });
    }
    options.onProgress?.({ type: 'end', task: 'convert' });
    await writer.close();
  } catch (error) {
    await writer.abort(error);
    throw error;
  } finally {
    await reader.close();
  }
}
