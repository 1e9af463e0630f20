import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertHuggingFaceLlama, createGgufWriter, GgufValueType, openGguf } from '../src/index.js';
import { nextTokenProbabilities } from './support/llama-runtime.js';
import { seededRandom } from './support/synthetic-rows.js';

const directory = await mkdtemp(join(tmpdir(), 'oellm-hf-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const shape = { embedding: 256, layers: 2, heads: 4, headsKv: 2, feedForward: 256 };
const tokens = ['<unk>', '<s>', '</s>', ...Array.from({ length: 256 }, (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`), '▁the', '▁a', '▁of'];
const types = tokens.map((_, index) => (index === 0 ? 2 : index < 3 ? 3 : index < 259 ? 6 : 1));

/** A SentencePiece ModelProto with just pieces (field 1: piece 1, score 2, type 3), by the .proto definition. */
function sentencePieceModel(): Buffer {
  const varint = (value: number) => { const out: number[] = []; while (value > 127) { out.push((value & 127) | 128); value >>>= 7; } out.push(value); return Buffer.from(out); };
  const pieces = tokens.map((piece, index) => {
    const text = Buffer.from(piece);
    const score = Buffer.alloc(4);
    score.writeFloatLE(-index);
    const body = Buffer.concat([Buffer.from([0x0a]), varint(text.length), text, Buffer.from([0x15]), score, Buffer.from([0x18]), varint(types[index]!)]);
    return Buffer.concat([Buffer.from([0x0a]), varint(body.length), body]);
  });
  return Buffer.concat(pieces);
}

/** Hugging Face layout: torch [out, in] row-major, names of LlamaForCausalLM. */
function hfTensors(): Array<{ name: string; shape: number[]; data: Float32Array }> {
  const random = seededRandom(9);
  const { embedding, layers, heads, headsKv, feedForward } = shape;
  const kv = (embedding / heads) * headsKv;
  const make = (name: string, dims: number[], norm = false) => ({
    name,
    shape: dims,
    data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => (norm ? 1 + 0.1 * (random() - 0.5) : (random() - 0.5) * 0.2)),
  });
  const list = [make('model.embed_tokens.weight', [tokens.length, embedding]), make('model.norm.weight', [embedding], true), make('lm_head.weight', [tokens.length, embedding])];
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `model.layers.${layer}.`;
    list.push(
      make(`${prefix}self_attn.q_proj.weight`, [embedding, embedding]),
      make(`${prefix}self_attn.k_proj.weight`, [kv, embedding]),
      make(`${prefix}self_attn.v_proj.weight`, [kv, embedding]),
      make(`${prefix}self_attn.o_proj.weight`, [embedding, embedding]),
      make(`${prefix}mlp.gate_proj.weight`, [feedForward, embedding]),
      make(`${prefix}mlp.up_proj.weight`, [feedForward, embedding]),
      make(`${prefix}mlp.down_proj.weight`, [embedding, feedForward]),
      make(`${prefix}input_layernorm.weight`, [embedding], true),
      make(`${prefix}post_attention_layernorm.weight`, [embedding], true),
    );
  }
  return list;
}

function safetensors(list: Array<{ name: string; shape: number[]; data: Float32Array }>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const tensor of list) {
    header[tensor.name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + tensor.data.byteLength] };
    offset += tensor.data.byteLength;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, ...list.map((tensor) => Buffer.from(tensor.data.buffer))]);
}

/**
 * convert_hf_to_gguf.py's LlamaModel.permute, written from its numpy expression:
 * w.reshape(n_head, 2, rows // n_head // 2, cols).swapaxes(1, 2).reshape(rows, cols).
 */
function numpyStylePermute(data: Float32Array, rows: number, columns: number, heads: number): Float32Array {
  const half = rows / heads / 2;
  const out = new Float32Array(data.length);
  let target = 0;
  for (let head = 0; head < heads; head++) {
    for (let index = 0; index < half; index++) {
      for (let side = 0; side < 2; side++) {
        const source = ((head * 2 + side) * half + index) * columns;
        out.set(data.subarray(source, source + columns), target);
        target += columns;
      }
    }
  }
  return out;
}

/** The same model written straight to GGUF by this test (names mapped by hand, rows permuted or not). */
async function writeDirectGguf(path: string, list: ReturnType<typeof hfTensors>, permute: boolean): Promise<void> {
  const names: Record<string, string> = {
    'self_attn.q_proj': 'attn_q', 'self_attn.k_proj': 'attn_k', 'self_attn.v_proj': 'attn_v', 'self_attn.o_proj': 'attn_output',
    'mlp.gate_proj': 'ffn_gate', 'mlp.up_proj': 'ffn_up', 'mlp.down_proj': 'ffn_down', input_layernorm: 'attn_norm', post_attention_layernorm: 'ffn_norm',
  };
  const writer = createGgufWriter(path);
  const u32 = GgufValueType.UINT32;
  writer.setMetadata('general.architecture', 'llama');
  for (const [key, value] of Object.entries({ block_count: shape.layers, context_length: 256, embedding_length: shape.embedding, feed_forward_length: shape.feedForward, 'attention.head_count': shape.heads, 'attention.head_count_kv': shape.headsKv, 'rope.dimension_count': shape.embedding / shape.heads })) {
    writer.setMetadata(`llama.${key}`, value, u32);
  }
  writer.setMetadata('llama.rope.freq_base', 10000, GgufValueType.FLOAT32);
  writer.setMetadata('llama.attention.layer_norm_rms_epsilon', 1e-5, GgufValueType.FLOAT32);
  writer.setMetadata('tokenizer.ggml.model', 'llama');
  writer.setMetadata('tokenizer.ggml.tokens', tokens, GgufValueType.ARRAY, GgufValueType.STRING);
  writer.setMetadata('tokenizer.ggml.scores', tokens.map((_, index) => -index), GgufValueType.ARRAY, GgufValueType.FLOAT32);
  writer.setMetadata('tokenizer.ggml.token_type', types, GgufValueType.ARRAY, GgufValueType.INT32);
  writer.setMetadata('tokenizer.ggml.bos_token_id', 1, u32);
  writer.setMetadata('tokenizer.ggml.eos_token_id', 2, u32);
  for (const tensor of list) {
    const layer = /^model\.layers\.(\d+)\.(.+)\.weight$/.exec(tensor.name);
    const name = tensor.name === 'model.embed_tokens.weight' ? 'token_embd.weight' : tensor.name === 'model.norm.weight' ? 'output_norm.weight' : tensor.name === 'lm_head.weight' ? 'output.weight' : `blk.${layer![1]}.${names[layer![2]!]}.weight`;
    let data = tensor.data;
    const [rows, columns] = tensor.shape.length === 2 ? [tensor.shape[0]!, tensor.shape[1]!] : [1, tensor.shape[0]!];
    if (permute && name.endsWith('attn_q.weight')) data = numpyStylePermute(data, rows, columns, shape.heads);
    if (permute && name.endsWith('attn_k.weight')) data = numpyStylePermute(data, rows, columns, shape.headsKv);
    await writer.writeTensor({ name, shape: [...tensor.shape].reverse(), type: 'F32', byteLength: data.byteLength }, new Uint8Array(data.buffer));
  }
  await writer.close();
}

describe('Hugging Face Llama directory → GGUF', () => {
  it('gives the same next-token probabilities in node-llama-cpp as the GGUF built directly (and differs without the q/k permutation)', async () => {
    const model = join(directory, 'hf-model');
    await mkdir(model);
    const list = hfTensors();
    await writeFile(join(model, 'config.json'), JSON.stringify({
      architectures: ['LlamaForCausalLM'], hidden_size: shape.embedding, num_hidden_layers: shape.layers, num_attention_heads: shape.heads,
      num_key_value_heads: shape.headsKv, intermediate_size: shape.feedForward, max_position_embeddings: 256, rms_norm_eps: 1e-5, rope_theta: 10000,
    }));
    await writeFile(join(model, 'tokenizer.model'), sentencePieceModel());
    await writeFile(join(model, 'model.safetensors'), safetensors(list));

    const converted = join(directory, 'converted-f32.gguf');
    await convertHuggingFaceLlama({ directory: model, output: converted });
    const reader = await openGguf(converted);
    expect(reader.metadata.get('llama.attention.head_count_kv')).toBe(2);
    expect((reader.metadata.get('tokenizer.ggml.tokens') as string[]).slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(reader.tensor('blk.1.attn_k.weight').shape).toEqual([256, 128]);
    await reader.close();

    const direct = join(directory, 'direct-f32.gguf');
    const unpermuted = join(directory, 'unpermuted-f32.gguf');
    await writeDirectGguf(direct, list, true);
    await writeDirectGguf(unpermuted, list, false);
    const prompt = [1, 259, 260, 261, 72, 105];
    const [ours, reference, wrong] = (await Promise.all([converted, direct, unpermuted].map((path) => nextTokenProbabilities(path, prompt, tokens.length)))) as [number[], number[], number[]];
    expect(ours.length).toBe(tokens.length);
    // A real distribution (temperature 1), not a one-hot argmax: many tokens have some probability.
    expect(ours.filter((probability) => probability > 1e-4).length).toBeGreaterThan(50);
    expect(ours.length).toBe(reference.length);
    let largest = 0;
    for (let index = 0; index < ours.length; index++) largest = Math.max(largest, Math.abs(ours[index]! - reference[index]!));
    expect(largest).toBeLessThan(1e-6);
    let differs = 0;
    for (let index = 0; index < ours.length; index++) differs = Math.max(differs, Math.abs(ours[index]! - wrong[index]!));
    expect(differs).toBeGreaterThan(1e-4);
  });
});
