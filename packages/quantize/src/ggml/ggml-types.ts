import { InputError } from '@oellm/core';

/**
 * Storage layout of one ggml tensor type: how many weights a block holds and how many bytes it takes.
 *
 * @example
 * ```ts
 * import { ggmlTypeByName } from '@oellm/quantize';
 * const q4k = ggmlTypeByName('Q4_K'); // { name: 'Q4_K', id: 12, blockSize: 256, bytesPerBlock: 144 }
 * ```
 */
export interface GgmlTypeLayout {
  /** ggml's name in upper case, as llama.cpp prints it: `F32`, `Q4_K`, `IQ2_XS`. */
  readonly name: string;
  /** The `ggml_type` number stored in GGUF tensor infos. */
  readonly id: number;
  readonly blockSize: number;
  readonly bytesPerBlock: number;
}

// ggml's type_traits (ggml.c) at ggml-org/ggml d99724f; removed ids (4, 5, 31-33, 36-38) are absent.
const layouts: readonly GgmlTypeLayout[] = [
  { name: 'F32', id: 0, blockSize: 1, bytesPerBlock: 4 },
  { name: 'F16', id: 1, blockSize: 1, bytesPerBlock: 2 },
  { name: 'Q4_0', id: 2, blockSize: 32, bytesPerBlock: 18 },
  { name: 'Q4_1', id: 3, blockSize: 32, bytesPerBlock: 20 },
  { name: 'Q5_0', id: 6, blockSize: 32, bytesPerBlock: 22 },
  { name: 'Q5_1', id: 7, blockSize: 32, bytesPerBlock: 24 },
  { name: 'Q8_0', id: 8, blockSize: 32, bytesPerBlock: 34 },
  { name: 'Q8_1', id: 9, blockSize: 32, bytesPerBlock: 36 },
  { name: 'Q2_K', id: 10, blockSize: 256, bytesPerBlock: 84 },
  { name: 'Q3_K', id: 11, blockSize: 256, bytesPerBlock: 110 },
  { name: 'Q4_K', id: 12, blockSize: 256, bytesPerBlock: 144 },
  { name: 'Q5_K', id: 13, blockSize: 256, bytesPerBlock: 176 },
  { name: 'Q6_K', id: 14, blockSize: 256, bytesPerBlock: 210 },
  { name: 'Q8_K', id: 15, blockSize: 256, bytesPerBlock: 292 },
  { name: 'IQ2_XXS', id: 16, blockSize: 256, bytesPerBlock: 66 },
  { name: 'IQ2_XS', id: 17, blockSize: 256, bytesPerBlock: 74 },
  { name: 'IQ3_XXS', id: 18, blockSize: 256, bytesPerBlock: 98 },
  { name: 'IQ1_S', id: 19, blockSize: 256, bytesPerBlock: 50 },
  { name: 'IQ4_NL', id: 20, blockSize: 32, bytesPerBlock: 18 },
  { name: 'IQ3_S', id: 21, blockSize: 256, bytesPerBlock: 110 },
  { name: 'IQ2_S', id: 22, blockSize: 256, bytesPerBlock: 82 },
  { name: 'IQ4_XS', id: 23, blockSize: 256, bytesPerBlock: 136 },
  { name: 'I8', id: 24, blockSize: 1, bytesPerBlock: 1 },
  { name: 'I16', id: 25, blockSize: 1, bytesPerBlock: 2 },
  { name: 'I32', id: 26, blockSize: 1, bytesPerBlock: 4 },
  { name: 'I64', id: 27, blockSize: 1, bytesPerBlock: 8 },
  { name: 'F64', id: 28, blockSize: 1, bytesPerBlock: 8 },
  { name: 'IQ1_M', id: 29, blockSize: 256, bytesPerBlock: 56 },
  { name: 'BF16', id: 30, blockSize: 1, bytesPerBlock: 2 },
  { name: 'TQ1_0', id: 34, blockSize: 256, bytesPerBlock: 54 },
  { name: 'TQ2_0', id: 35, blockSize: 256, bytesPerBlock: 66 },
  { name: 'MXFP4', id: 39, blockSize: 32, bytesPerBlock: 17 },
  { name: 'NVFP4', id: 40, blockSize: 64, bytesPerBlock: 36 },
  { name: 'Q1_0', id: 41, blockSize: 128, bytesPerBlock: 18 },
  { name: 'Q2_0', id: 42, blockSize: 64, bytesPerBlock: 18 },
];

const byId = new Map(layouts.map((layout) => [layout.id, layout]));
const byName = new Map(layouts.map((layout) => [layout.name, layout]));

/**
 * Every tensor type ggml knows (including the ones this package reads but does not quantise to).
 *
 * @example
 * ```ts
 * import { ggmlTypeLayouts } from '@oellm/quantize';
 * console.log(ggmlTypeLayouts.map((layout) => layout.name).join(', '));
 * ```
 */
export const ggmlTypeLayouts: readonly GgmlTypeLayout[] = layouts;

/**
 * The layout of a `ggml_type` number, or undefined for an id ggml does not define.
 *
 * @example
 * ```ts
 * import { ggmlTypeById } from '@oellm/quantize';
 * ggmlTypeById(8)?.name; // 'Q8_0'
 * ```
 */
export function ggmlTypeById(id: number): GgmlTypeLayout | undefined {
  return byId.get(id);
}

/**
 * The layout of a type by name (case-insensitive: `q4_k` and `Q4_K` both work).
 *
 * @example
 * ```ts
 * import { ggmlTypeByName } from '@oellm/quantize';
 * ggmlTypeByName('q8_0')?.bytesPerBlock; // 34
 * ```
 */
export function ggmlTypeByName(name: string): GgmlTypeLayout | undefined {
  return byName.get(name.toUpperCase());
}

/**
 * Bytes a tensor of `elementCount` weights takes in `type`; throws an InputError if the count is not a
 * whole number of blocks.
 *
 * @example
 * ```ts
 * import { ggmlTypeByName, tensorByteLength } from '@oellm/quantize';
 * tensorByteLength(ggmlTypeByName('Q8_0')!, 4096); // 4352
 * ```
 */
export function tensorByteLength(layout: GgmlTypeLayout, elementCount: number): number {
  if (elementCount % layout.blockSize !== 0) {
    throw new InputError({
      code: 'partial_block',
      message: `${elementCount} weights are not a whole number of ${layout.name} blocks of ${layout.blockSize}; choose another type for this tensor`,
    });
  }
  return (elementCount / layout.blockSize) * layout.bytesPerBlock;
}
