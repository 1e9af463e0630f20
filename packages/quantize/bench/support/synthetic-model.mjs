// A synthetic Llama GGUF (F32) for the whole-file benchmark: tied embeddings (no output.weight, so
// token_embd is the largest tensor, as in small real models) and 256-multiple widths.
import { createGgufWriter, GgufValueType } from '../../dist/index.js';

/** Writes the model; resolves to its tensor count, total and largest tensor bytes. */
export async function writeSyntheticModel(path, { layers, embedding, feedForward, vocabulary }) {
  const writer = createGgufWriter(path);
  writer.setMetadata('general.architecture', 'llama');
  const sizes = { context_length: 256, embedding_length: embedding, feed_forward_length: feedForward, block_count: layers, 'attention.head_count': 16, 'attention.head_count_kv': 16 };
  for (const [key, value] of Object.entries(sizes)) writer.setMetadata(`llama.${key}`, value, GgufValueType.UINT32);
  writer.setMetadata('llama.attention.layer_norm_rms_epsilon', 1e-5, GgufValueType.FLOAT32);
  writer.setMetadata('llama.rope.dimension_count', embedding / 16, GgufValueType.UINT32);
  const tensors = [{ name: 'token_embd.weight', shape: [embedding, vocabulary] }, { name: 'output_norm.weight', shape: [embedding] }];
  for (let layer = 0; layer < layers; layer++) {
    tensors.push({ name: `blk.${layer}.attn_norm.weight`, shape: [embedding] }, { name: `blk.${layer}.ffn_norm.weight`, shape: [embedding] });
    for (const name of ['attn_q', 'attn_k', 'attn_v', 'attn_output']) tensors.push({ name: `blk.${layer}.${name}.weight`, shape: [embedding, embedding] });
    tensors.push({ name: `blk.${layer}.ffn_gate.weight`, shape: [embedding, feedForward] }, { name: `blk.${layer}.ffn_up.weight`, shape: [embedding, feedForward] });
    tensors.push({ name: `blk.${layer}.ffn_down.weight`, shape: [feedForward, embedding] });
  }
  const declared = tensors.map((tensor) => ({ ...tensor, type: 'F32', byteLength: tensor.shape.reduce((a, b) => a * b, 1) * 4 }));
  writer.declareTensors(declared);
  const largest = Math.max(...declared.map((tensor) => tensor.byteLength));
  // Normal-ish weights (sum of uniforms), one buffer reused at different offsets per tensor.
  const weights = new Float32Array(largest / 4 + 4096);
  let seed = 1;
  const next = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 4294967296; };
  for (let i = 0; i < weights.length; i++) weights[i] = (next() + next() + next() - 1.5) * 0.04;
  for (const [index, tensor] of declared.entries()) {
    const start = (index * 997) % 4096;
    await writer.writeTensor(tensor, new Uint8Array(weights.buffer, start * 4, tensor.byteLength));
  }
  await writer.close();
  return { tensors: declared.length, totalBytes: declared.reduce((sum, tensor) => sum + tensor.byteLength, 0), largestBytes: largest };
}
