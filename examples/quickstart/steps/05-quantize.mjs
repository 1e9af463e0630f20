import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertHuggingFaceLlama, quantizeModel } from '@oellm/quantize';
import { readModelFile, serializeModel } from '@oellm/tokenizer';
import { getLlama } from 'node-llama-cpp';

/**
 * DEMONSTRATION ONLY: builds a tiny Llama-architecture model with RANDOM weights (no training)
 * as a Hugging Face directory (config.json, model.safetensors, and the tokenizer step's
 * SentencePiece model as tokenizer.model), converts it to GGUF F32 as llama.cpp's
 * convert_hf_to_gguf.py does, quantises it to Q8_0 and Q4_K_M with llama.cpp's recipes
 * (byte-identical to llama-quantize), loads both in node-llama-cpp and generates a few tokens.
 * The text is noise: the point is the path from trained weights to a GGUF that edge runtimes
 * load. The eval step measures output/models/*.gguf.
 */
export const title = 'Quantize: a random-weight demo Llama (safetensors) → GGUF F32 → Q8_0 and Q4_K_M → node-llama-cpp';

const shape = { layers: 2, embedding: 256, feedForward: 512, heads: 4, headsKv: 2 };

export async function run({ output, log }) {
  const huggingFace = join(output, 'models-source', 'demo-llama-random');
  const vocabularySize = await writeTokenizer(output, huggingFace, log);
  await writeRandomHuggingFaceLlama(huggingFace, vocabularySize);
  log(`wrote ${huggingFace}/ (config.json, model.safetensors, tokenizer.model): ${shape.layers} layers, width ${shape.embedding}, vocabulary ${vocabularySize} — random weights, a demonstration`);
  const source = join(output, 'models-source', 'demo-llama-random-f32.gguf');
  await convertHuggingFaceLlama({ directory: huggingFace, output: source });
  log(`convertHuggingFaceLlama → ${source}`);

  const models = join(output, 'models');
  const llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' });
  for (const fileType of ['Q8_0', 'Q4_K_M']) {
    const target = join(models, `demo-llama-random-${fileType}.gguf`);
    const report = await quantizeModel({ input: source, output: target, fileType, threads: 0 });
    const types = [...new Set(report.tensors.map((tensor) => tensor.type))].join(', ');
    log(`quantizeModel → ${target}: ${(report.totals.bytes / 1e6).toFixed(2)} MB, ${report.totals.bitsPerWeight.toFixed(2)} bits per weight (${types}), manifest ${report.manifest}`);
    const model = await llama.loadModel({ modelPath: target });
    // One thread: llama.cpp's spinning workers are slow on small shared machines.
    const context = await model.createContext({ contextSize: 64, threads: 1 });
    const generated = [];
    for await (const token of context.getSequence().evaluate([model.tokens.bos], { temperature: 0 })) {
      generated.push(token);
      if (generated.length >= 8) break;
    }
    log(`node-llama-cpp loaded it and generated ${generated.length} tokens (noise from random weights): ${JSON.stringify(model.detokenize(generated))}`);
    await context.dispose();
    await model.dispose();
  }
}

/** tokenizer.model: the tokenizer step's SentencePiece model, or a byte-level one if that step did not run. */
async function writeTokenizer(output, huggingFace, log) {
  await mkdir(huggingFace, { recursive: true });
  const directory = join(output, 'tokenizer');
  const trained = (await readdir(directory).catch(() => [])).find((name) => name.endsWith('.model'));
  if (trained) {
    await copyFile(join(directory, trained), join(huggingFace, 'tokenizer.model'));
    const proto = await readModelFile(join(directory, trained));
    log(`vocabulary: ${trained} from the tokenizer step (${proto.pieces.length} pieces)`);
    return proto.pieces.length;
  }
  log('no tokenizer from step 4: using a byte-level vocabulary');
  const pieces = [
    { piece: '<unk>', score: 0, type: 2 }, { piece: '<s>', score: 0, type: 3 }, { piece: '</s>', score: 0, type: 3 },
    ...Array.from({ length: 256 }, (_, byte) => ({ piece: `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, score: 0, type: 6 })),
  ];
  await writeFile(join(huggingFace, 'tokenizer.model'), serializeModel({ pieces, trainerSpec: { modelType: 2, byteFallback: true }, normalizerSpec: { name: 'identity' } }));
  return pieces.length;
}

/** A LlamaForCausalLM checkpoint in Hugging Face layout: config.json and one F32 model.safetensors. */
async function writeRandomHuggingFaceLlama(directory, vocabularySize) {
  const { layers, embedding, feedForward, heads, headsKv } = shape;
  await writeFile(join(directory, 'config.json'), JSON.stringify({
    architectures: ['LlamaForCausalLM'], model_type: 'llama', _name_or_path: 'oellm quickstart demo (random weights, not a real model)',
    hidden_size: embedding, intermediate_size: feedForward, num_hidden_layers: layers, num_attention_heads: heads,
    num_key_value_heads: headsKv, max_position_embeddings: 256, rms_norm_eps: 1e-5, rope_theta: 10000, vocab_size: vocabularySize,
  }, null, 2));
  const kv = (embedding / heads) * headsKv;
  // Hugging Face (PyTorch) shapes: [out, in], row-major.
  const tensors = [['model.embed_tokens.weight', [vocabularySize, embedding]], ['model.norm.weight', [embedding]], ['lm_head.weight', [vocabularySize, embedding]]];
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `model.layers.${layer}.`;
    tensors.push(
      [`${prefix}input_layernorm.weight`, [embedding]], [`${prefix}self_attn.q_proj.weight`, [embedding, embedding]],
      [`${prefix}self_attn.k_proj.weight`, [kv, embedding]], [`${prefix}self_attn.v_proj.weight`, [kv, embedding]],
      [`${prefix}self_attn.o_proj.weight`, [embedding, embedding]], [`${prefix}post_attention_layernorm.weight`, [embedding]],
      [`${prefix}mlp.gate_proj.weight`, [feedForward, embedding]], [`${prefix}mlp.up_proj.weight`, [feedForward, embedding]],
      [`${prefix}mlp.down_proj.weight`, [embedding, feedForward]],
    );
  }
  let seed = 2026;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const header = { __metadata__: { format: 'pt' } };
  const blobs = [];
  let offset = 0;
  for (const [name, dimensions] of tensors) {
    const values = new Float32Array(dimensions.reduce((product, length) => product * length, 1));
    // Norms at 1, weights uniform with variance 1/fan-in (a standard initialisation).
    const bound = Math.sqrt(3 / dimensions.at(-1));
    for (let index = 0; index < values.length; index++) values[index] = dimensions.length === 1 ? 1 : (2 * random() - 1) * bound;
    header[name] = { dtype: 'F32', shape: dimensions, data_offsets: [offset, offset + values.byteLength] };
    offset += values.byteLength;
    blobs.push(Buffer.from(values.buffer));
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  await writeFile(join(directory, 'model.safetensors'), Buffer.concat([length, json, ...blobs]));
}
