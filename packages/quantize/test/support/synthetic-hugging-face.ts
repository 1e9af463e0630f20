// A random-weight LlamaForCausalLM checkpoint in Hugging Face layout (torch [out, in] row-major),
// for the converter tests.
import { seededRandom } from './synthetic-rows.js';

export interface HuggingFaceShape {
  embedding: number;
  layers: number;
  heads: number;
  headsKv: number;
  feedForward: number;
}

export interface HuggingFaceTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Every tensor of a LlamaForCausalLM with `vocabularySize` rows of embeddings, under Hugging Face names. */
export function huggingFaceTensors(shape: HuggingFaceShape, vocabularySize: number, seed = 9): HuggingFaceTensor[] {
  const random = seededRandom(seed);
  const { embedding, layers, heads, headsKv, feedForward } = shape;
  const kv = (embedding / heads) * headsKv;
  const make = (name: string, dims: number[], norm = false) => ({
    name,
    shape: dims,
    data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => (norm ? 1 + 0.1 * (random() - 0.5) : (random() - 0.5) * 0.2)),
  });
  const list = [make('model.embed_tokens.weight', [vocabularySize, embedding]), make('model.norm.weight', [embedding], true), make('lm_head.weight', [vocabularySize, embedding])];
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

/** A single .safetensors file of F32 tensors, by the format's definition (u64 header length, JSON header, data). */
export function safetensorsFile(list: HuggingFaceTensor[]): Buffer {
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

/** config.json of a LlamaForCausalLM with `shape`. */
export function llamaConfig(shape: HuggingFaceShape, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    architectures: ['LlamaForCausalLM'], hidden_size: shape.embedding, num_hidden_layers: shape.layers, num_attention_heads: shape.heads,
    num_key_value_heads: shape.headsKv, intermediate_size: shape.feedForward, max_position_embeddings: 256, rms_norm_eps: 1e-5, rope_theta: 10000,
    ...extra,
  });
}
