// A small random Llama-architecture GGUF (F32) for recipe and runtime checks.
import { createGgufWriter, GgufValueType } from '../../src/index.js';
import { seededRandom } from './synthetic-rows.js';

export interface SyntheticLlamaShape {
  layers: number;
  embedding: number;
  feedForward: number;
  heads: number;
  headsKv: number;
  vocabulary: number;
}

export async function writeSyntheticLlama(path: string, shape: SyntheticLlamaShape, seed = 1): Promise<void> {
  const random = seededRandom(seed);
  const writer = createGgufWriter(path);
  const u32 = GgufValueType.UINT32;
  writer.setMetadata('general.architecture', 'llama');
  writer.setMetadata('general.name', 'synthetic llama (random weights, a demonstration)');
  writer.setMetadata('llama.context_length', 256, u32);
  writer.setMetadata('llama.embedding_length', shape.embedding, u32);
  writer.setMetadata('llama.feed_forward_length', shape.feedForward, u32);
  writer.setMetadata('llama.block_count', shape.layers, u32);
  writer.setMetadata('llama.attention.head_count', shape.heads, u32);
  writer.setMetadata('llama.attention.head_count_kv', shape.headsKv, u32);
  writer.setMetadata('llama.rope.dimension_count', shape.embedding / shape.heads, u32);
  writer.setMetadata('llama.attention.layer_norm_rms_epsilon', 1e-5, GgufValueType.FLOAT32);
  writer.setMetadata('general.file_type', 0, u32);
  writer.setMetadata('tokenizer.ggml.model', 'llama');
  const tokens = ['<unk>', '<s>', '</s>', ...Array.from({ length: 256 }, (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`)];
  while (tokens.length < shape.vocabulary) tokens.push(`▁word${tokens.length}`);
  tokens.length = Math.max(shape.vocabulary, 259);
  writer.setMetadata('tokenizer.ggml.tokens', tokens, GgufValueType.ARRAY, GgufValueType.STRING);
  writer.setMetadata('tokenizer.ggml.scores', tokens.map((_, index) => -index), GgufValueType.ARRAY, GgufValueType.FLOAT32);
  writer.setMetadata('tokenizer.ggml.token_type', tokens.map((_, index) => (index === 0 ? 2 : index < 3 ? 3 : index < 259 ? 6 : 1)), GgufValueType.ARRAY, GgufValueType.INT32);
  writer.setMetadata('tokenizer.ggml.bos_token_id', 1, u32);
  writer.setMetadata('tokenizer.ggml.eos_token_id', 2, u32);
  writer.setMetadata('tokenizer.ggml.unknown_token_id', 0, u32);
  const vocabulary = tokens.length;
  const headDimension = shape.embedding / shape.heads;
  const tensors: Array<{ name: string; shape: number[] }> = [
    { name: 'token_embd.weight', shape: [shape.embedding, vocabulary] },
    { name: 'output_norm.weight', shape: [shape.embedding] },
    { name: 'output.weight', shape: [shape.embedding, vocabulary] },
  ];
  for (let layer = 0; layer < shape.layers; layer++) {
    const prefix = `blk.${layer}.`;
    tensors.push(
      { name: `${prefix}attn_norm.weight`, shape: [shape.embedding] },
      { name: `${prefix}attn_q.weight`, shape: [shape.embedding, shape.embedding] },
      { name: `${prefix}attn_k.weight`, shape: [shape.embedding, headDimension * shape.headsKv] },
      { name: `${prefix}attn_v.weight`, shape: [shape.embedding, headDimension * shape.headsKv] },
      { name: `${prefix}attn_output.weight`, shape: [shape.embedding, shape.embedding] },
      { name: `${prefix}ffn_norm.weight`, shape: [shape.embedding] },
      { name: `${prefix}ffn_gate.weight`, shape: [shape.embedding, shape.feedForward] },
      { name: `${prefix}ffn_up.weight`, shape: [shape.embedding, shape.feedForward] },
      { name: `${prefix}ffn_down.weight`, shape: [shape.feedForward, shape.embedding] },
    );
  }
  const infos = tensors.map((tensor) => ({ ...tensor, type: 'F32', byteLength: tensor.shape.reduce((a, b) => a * b, 1) * 4 }));
  writer.declareTensors(infos);
  for (const info of infos) {
    const values = new Float32Array(info.byteLength / 4);
    const isNorm = info.shape.length === 1;
    const scale = 1 / Math.sqrt(info.shape[0]!);
    for (let i = 0; i < values.length; i++) {
      values[i] = isNorm ? 1 : scale * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    }
    await writer.writeTensor(info, new Uint8Array(values.buffer));
  }
  await writer.close();
}
