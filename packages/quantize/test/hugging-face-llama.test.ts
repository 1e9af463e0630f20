import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertHuggingFaceLlama, createGgufWriter, GgufValueType, openGguf } from '../src/index.js';
import { nextTokenProbabilities } from './support/llama-runtime.js';
import { huggingFaceTensors, llamaConfig, safetensorsFile } from './support/synthetic-hugging-face.js';

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

const hfTensors = () => huggingFaceTensors(shape, tokens.length);

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
    await writeFile(join(model, 'config.json'), llamaConfig(shape));
    await writeFile(join(model, 'tokenizer.model'), sentencePieceModel());
    await writeFile(join(model, 'model.safetensors'), safetensorsFile(list));

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
