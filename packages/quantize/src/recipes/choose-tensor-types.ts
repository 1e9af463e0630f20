import { InputError, type ModelMetadataValue } from '@oellm/core';
import { ggmlTypeByName } from '../ggml/ggml-types.js';
import type { FileType } from './file-types.js';
import { compareTensorNames } from './tensor-order.js';

/**
 * A user override: tensors whose name matches `pattern` (a regular expression, searched as
 * llama-quantize's `--tensor-type` does) get `type`.
 *
 * @example
 * ```ts
 * import type { TensorTypeOverride } from '@oellm/quantize';
 * const keepAttentionV: TensorTypeOverride = { pattern: 'attn_v', type: 'Q8_0' };
 * ```
 */
export interface TensorTypeOverride {
  pattern: string;
  type: string;
}

/**
 * Options of {@link chooseTensorTypes}, mirroring llama_model_quantize_params.
 *
 * @example
 * ```ts
 * import type { ChooseTensorTypesOptions } from '@oellm/quantize';
 * const options: ChooseTensorTypesOptions = { overrides: [{ pattern: 'ffn_down', type: 'Q6_K' }], hasImportance: true };
 * ```
 */
export interface ChooseTensorTypesOptions {
  overrides?: readonly TensorTypeOverride[];
  /** An importance matrix is given (changes a few of llama.cpp's rules). */
  hasImportance?: boolean;
  /** Every quantisable tensor gets the recipe's default type (llama-quantize --pure). */
  pure?: boolean;
  outputTensorType?: string;
  tokenEmbeddingType?: string;
  /** Leave output.weight as it is (llama-quantize --leave-output-tensor). */
  leaveOutputTensor?: boolean;
}

/**
 * The tensor type llama.cpp picks for one tensor, and why it differs from the recipe's default.
 *
 * @example
 * ```ts
 * import type { TensorTypeChoice } from '@oellm/quantize';
 * const choice: TensorTypeChoice = { name: 'blk.0.ffn_down.weight', sourceType: 'F32', type: 'F16', fallback: true, override: false };
 * ```
 */
export interface TensorTypeChoice {
  name: string;
  sourceType: string;
  type: string;
  /** The rule's type did not fit the row length and a fallback was used. */
  fallback: boolean;
  /** A user override decided the type. */
  override: boolean;
}

type Category = 'token_embd' | 'attn_q' | 'attn_v' | 'attn_k' | 'attn_qkv' | 'attn_kv_b' | 'attn_output' | 'ffn_up' | 'ffn_gate' | 'ffn_down' | 'output' | 'other';

function categoryOf(name: string): Category {
  if (name === 'output.weight') return 'output';
  if (name === 'token_embd.weight' || name === 'per_layer_token_embd.weight') return 'token_embd';
  const ordered: Array<[string, Category]> = [
    ['attn_qkv.weight', 'attn_qkv'], ['attn_kv_b.weight', 'attn_kv_b'], ['attn_v.weight', 'attn_v'], ['attn_k.weight', 'attn_k'],
    ['attn_q.weight', 'attn_q'], ['attn_output.weight', 'attn_output'], ['ffn_up', 'ffn_up'], ['ffn_gate', 'ffn_gate'], ['ffn_down', 'ffn_down'],
  ];
  for (const [fragment, category] of ordered) if (name.includes(fragment)) return category;
  return 'other';
}

const isAttentionV = (category: Category): boolean => category === 'attn_v' || category === 'attn_qkv' || category === 'attn_kv_b';

// Tensor names llama.cpp never quantises (tensor_allows_quantization in llama-quant.cpp).
const neverQuantized = [
  'ffn_gate_inp.weight', 'ffn_gate_tid2eid.weight', 'altup', 'laurel', 'per_layer_model_proj', 'ssm_conv1d', 'shortconv.conv.weight',
  'indexer.k_proj.weight', 'indexer.q_proj.weight', 'time_mix_first.weight', 'time_mix_w0.weight', 'time_mix_w1.weight', 'time_mix_w2.weight',
  'time_mix_v0.weight', 'time_mix_v1.weight', 'time_mix_v2.weight', 'time_mix_a0.weight', 'time_mix_a1.weight', 'time_mix_a2.weight',
  'time_mix_g1.weight', 'time_mix_g2.weight', 'time_mix_decay_w1.weight', 'time_mix_decay_w2.weight', 'time_mix_lerp_fused.weight',
  'attn_rel_b.weight', '.position_embd', 'sam.pos_embd', 'sam.neck.', 'sam.net_', '.rel_pos', '.patch_embd', '.patch_merger',
  'a.rvq.codebook', 'mm.a.code_embd',
];

/** ggml_n_dims: dimensions up to the last one larger than 1. */
function dimensionCount(shape: readonly number[]): number {
  for (let index = shape.length - 1; index >= 1; index--) if (shape[index]! > 1) return index + 1;
  return 1;
}

function allowsQuantization(name: string, shape: readonly number[], options: ChooseTensorTypesOptions): boolean {
  if (dimensionCount(shape) < 2) return false;
  if (!name.endsWith('weight')) return false;
  if (name.includes('_norm.weight')) return false;
  if (options.leaveOutputTensor && name === 'output.weight') return false;
  if (name === 'position_embd.weight' || name === 'token_types.weight') return false;
  return !neverQuantized.some((fragment) => name.includes(fragment));
}

const isQuantized = (type: string): boolean => !['F32', 'F16', 'BF16', 'F64', 'I8', 'I16', 'I32', 'I64'].includes(type);

function blockSizeOf(type: string): number {
  const layout = ggmlTypeByName(type);
  if (!layout) throw new InputError({ code: 'unknown_type', message: `unknown tensor type ${type}` });
  return layout.blockSize;
}

// tensor_type_fallback: the type to use when a row is not a whole number of blocks.
const fallbackOf: Record<string, string> = { Q2_K: 'Q4_0', Q3_K: 'Q4_0', Q4_K: 'Q5_0', Q5_K: 'Q5_1', Q6_K: 'Q8_0', TQ1_0: 'Q4_0', TQ2_0: 'Q4_0', Q2_0: 'Q4_0' };

interface ModelFacts {
  architecture: string;
  layerCount: number;
  headCount: number;
  headCountKv: number;
  expertCount: number;
  is70B: boolean;
}

function numberOf(metadata: ReadonlyMap<string, ModelMetadataValue>, key: string): number {
  const value = metadata.get(key);
  if (Array.isArray(value)) return Number(value[0] ?? 0);
  return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : 0;
}

function modelFacts(metadata: ReadonlyMap<string, ModelMetadataValue>): ModelFacts {
  const architecture = String(metadata.get('general.architecture') ?? '');
  const layerCount = numberOf(metadata, `${architecture}.block_count`);
  const headCount = numberOf(metadata, `${architecture}.attention.head_count`);
  const headCountKv = metadata.has(`${architecture}.attention.head_count_kv`) ? numberOf(metadata, `${architecture}.attention.head_count_kv`) : headCount;
  return {
    architecture,
    layerCount,
    headCount,
    headCountKv,
    expertCount: numberOf(metadata, `${architecture}.expert_count`),
    // llama.cpp's LLM_TYPE_70B (80 layers with grouped-query attention) gets more bits for attn_v.
    is70B: architecture === 'llama' && layerCount === 80 && headCount !== headCountKv,
  };
}

/**
 * Chooses each tensor's type the way llama.cpp's llama_model_quantize does for `fileType`
 * (llama-quant.cpp: output and token-embedding handling, more bits for attn_v and ffn_down on
 * some layers, fallbacks when a row is not a multiple of the block size, user overrides), in
 * llama.cpp's processing order (by layer, then name).
 *
 * @example
 * ```ts
 * import { chooseTensorTypes, getFileType, openGguf } from '@oellm/quantize';
 * const reader = await openGguf('model.gguf');
 * for (const choice of chooseTensorTypes(reader.tensors, reader.metadata, getFileType('Q4_K_M'))) {
 *   console.log(choice.name, choice.sourceType, '→', choice.type);
 * }
 * ```
 */
export function chooseTensorTypes(
  tensors: ReadonlyArray<{ name: string; shape: readonly number[]; type: string }>,
  metadata: ReadonlyMap<string, ModelMetadataValue>,
  fileType: FileType,
  options: ChooseTensorTypesOptions = {},
): TensorTypeChoice[] {
  const facts = modelFacts(metadata);
  const ordered = [...tensors].sort((left, right) => compareTensorNames(left.name, right.name));
  const patterns = (options.overrides ?? []).map((override) => {
    try {
      return { expression: new RegExp(override.pattern), type: override.type.toUpperCase() };
    } catch (error) {
      throw new InputError({ code: 'invalid_pattern', message: `--tensor-type pattern '${override.pattern}' is not a valid regular expression`, cause: error });
    }
  });
  for (const { type } of patterns) blockSizeOf(type);
  const hasTiedEmbeddings = !ordered.some((tensor) => tensor.name === 'output.weight');
  const counters = {
    attentionVTotal: ordered.filter((tensor) => isAttentionV(categoryOf(tensor.name))).length,
    attentionV: 0,
    ffnDown: 0,
    ffnGate: 0,
    ffnUp: 0,
  };
  const name = fileType.name;
  const gqa = facts.headCountKv === 0 ? 0 : Math.trunc(facts.headCount / facts.headCountKv);
  const useMoreBits = (layer: number, layers: number): boolean =>
    layer < Math.trunc(layers / 8) || layer >= Math.trunc((7 * layers) / 8) || (layer - Math.trunc(layers / 8)) % 3 === 2;
  const layerInfo = (counter: number, tensorName: string): [number, number] => {
    if (facts.expertCount > 1) {
      const match = /^blk\.(-?\d+)\./.exec(tensorName);
      if (!match) throw new InputError({ code: 'unknown_layer', message: `cannot tell the layer of tensor ${tensorName}` });
      return [Number(match[1]), facts.layerCount];
    }
    return [counter, facts.layerCount];
  };

  function ruleType(tensor: { name: string; shape: readonly number[] }, category: Category, start: string): string {
    let type = start;
    const arch = facts.architecture;
    if (category === 'output' || (hasTiedEmbeddings && category === 'token_embd')) {
      if (options.outputTensorType) return options.outputTensorType.toUpperCase();
      if (arch === 'falcon' || tensor.shape[0]! % blockSizeOf(type) !== 0) type = 'Q8_0';
      else if (type !== 'Q8_0') type = 'Q6_K';
      return type;
    }
    if (category === 'token_embd') {
      return options.tokenEmbeddingType ? options.tokenEmbeddingType.toUpperCase() : type;
    }
    if (isAttentionV(category)) {
      if (name === 'Q2_K') type = gqa >= 4 ? 'Q4_K' : 'Q3_K';
      else if (name === 'Q3_K_M') type = counters.attentionV < 2 ? 'Q5_K' : 'Q4_K';
      else if (name === 'Q3_K_L') type = 'Q5_K';
      else if ((name === 'Q4_K_M' || name === 'Q5_K_M') && useMoreBits(counters.attentionV, counters.attentionVTotal)) type = 'Q6_K';
      else if (name === 'Q4_K_S' && counters.attentionV < 4) type = 'Q5_K';
      if (facts.is70B && (type === 'Q3_K' || type === 'Q4_K')) type = 'Q5_K';
      if (facts.expertCount === 8) type = 'Q8_0';
      counters.attentionV++;
      return type;
    }
    if (category === 'attn_k') return facts.expertCount === 8 ? 'Q8_0' : type;
    if (category === 'attn_q') return type;
    if (category === 'ffn_down') {
      const [layer, layers] = layerInfo(counters.ffnDown, tensor.name);
      if (name === 'Q2_K') type = 'Q3_K';
      else if (name === 'Q3_K_M') {
        type = layer < Math.trunc(layers / 16) ? 'Q5_K' : arch !== 'falcon' || useMoreBits(layer, layers) ? 'Q4_K' : 'Q3_K';
      } else if (name === 'Q3_K_L') type = arch === 'falcon' ? 'Q4_K' : 'Q5_K';
      else if (name === 'Q4_K_M') {
        if (arch === 'falcon') type = layer < Math.trunc(layers / 16) ? 'Q6_K' : useMoreBits(layer, layers) ? 'Q5_K' : 'Q4_K';
        else if (useMoreBits(layer, layers)) type = 'Q6_K';
      } else if (name === 'Q5_K_M' && useMoreBits(layer, layers)) type = 'Q6_K';
      else if (name === 'Q4_K_S' && arch !== 'falcon' && layer < Math.trunc(layers / 8)) type = 'Q5_K';
      else if ((name === 'Q4_0' || name === 'Q5_0') && options.hasImportance && layer < Math.trunc(layers / 8)) {
        type = name === 'Q4_0' ? 'Q4_1' : 'Q5_1';
      }
      counters.ffnDown++;
      return type;
    }
    if (category === 'attn_output') {
      if (arch !== 'falcon') {
        if (facts.expertCount === 8) {
          if (['Q2_K', 'Q3_K_S', 'Q3_K_M', 'Q4_K_S', 'Q4_K_M'].includes(name)) type = 'Q5_K';
        } else if (name === 'Q2_K') type = 'Q3_K';
        else if (name === 'Q3_K_M') type = 'Q4_K';
        else if (name === 'Q3_K_L') type = 'Q5_K';
      } else if (name === 'Q3_K_L') type = 'Q4_K';
      return type;
    }
    if (category === 'attn_qkv') return type;
    if (category === 'ffn_gate') { counters.ffnGate++; return type; }
    if (category === 'ffn_up') { counters.ffnUp++; return type; }
    return type;
  }

  return ordered.map((tensor) => {
    const base = { name: tensor.name, sourceType: tensor.type, fallback: false, override: false };
    if (!allowsQuantization(tensor.name, tensor.shape, options)) return { ...base, type: tensor.type };
    const category = categoryOf(tensor.name);
    if (options.tokenEmbeddingType && category === 'token_embd') return { ...base, type: options.tokenEmbeddingType.toUpperCase() };
    if (options.outputTensorType && category === 'output') return { ...base, type: options.outputTensorType.toUpperCase() };
    let type = fileType.defaultType;
    if (!isQuantized(type)) return { ...base, type };
    const manual = patterns.find((pattern) => pattern.expression.test(tensor.name));
    if (manual) type = manual.type;
    else if (!options.pure) type = ruleType(tensor, category, type);
    const columns = tensor.shape[0]!;
    let fallback = false;
    if (columns % blockSizeOf(type) !== 0) {
      fallback = true;
      // Types without a listed fallback (Q4_0, Q8_0, …) go straight to the F16 check, as llama.cpp 3.21.1's does.
      const next = fallbackOf[type] ?? type;
      type = columns % blockSizeOf(next) !== 0 ? 'F16' : next;
    }
    return { ...base, type, fallback, override: manual !== undefined };
  });
}
