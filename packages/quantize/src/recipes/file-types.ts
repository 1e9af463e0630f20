import { InputError } from '@oellm/core';

/**
 * A llama-quantize file type ("recipe"): the number written as `general.file_type` and the
 * tensor type most weights get before llama.cpp's per-tensor rules adjust it.
 *
 * @example
 * ```ts
 * import { getFileType } from '@oellm/quantize';
 * getFileType('Q4_K_M'); // { name: 'Q4_K_M', id: 15, defaultType: 'Q4_K' }
 * ```
 */
export interface FileType {
  readonly name: string;
  /** `enum llama_ftype`. */
  readonly id: number;
  readonly defaultType: string;
}

// llama.h enum llama_ftype and llama_ftype_get_default_type (llama-quant.cpp).
const fileTypeList: readonly FileType[] = [
  { name: 'F32', id: 0, defaultType: 'F32' },
  { name: 'F16', id: 1, defaultType: 'F16' },
  { name: 'Q4_0', id: 2, defaultType: 'Q4_0' },
  { name: 'Q4_1', id: 3, defaultType: 'Q4_1' },
  { name: 'Q8_0', id: 7, defaultType: 'Q8_0' },
  { name: 'Q5_0', id: 8, defaultType: 'Q5_0' },
  { name: 'Q5_1', id: 9, defaultType: 'Q5_1' },
  { name: 'Q2_K', id: 10, defaultType: 'Q2_K' },
  { name: 'Q3_K_S', id: 11, defaultType: 'Q3_K' },
  { name: 'Q3_K_M', id: 12, defaultType: 'Q3_K' },
  { name: 'Q3_K_L', id: 13, defaultType: 'Q3_K' },
  { name: 'Q4_K_S', id: 14, defaultType: 'Q4_K' },
  { name: 'Q4_K_M', id: 15, defaultType: 'Q4_K' },
  { name: 'Q5_K_S', id: 16, defaultType: 'Q5_K' },
  { name: 'Q5_K_M', id: 17, defaultType: 'Q5_K' },
  { name: 'Q6_K', id: 18, defaultType: 'Q6_K' },
  { name: 'BF16', id: 32, defaultType: 'BF16' },
];

/**
 * Every file type this package can produce, in llama-quantize's naming.
 *
 * @example
 * ```ts
 * import { fileTypes } from '@oellm/quantize';
 * console.log(fileTypes.map((type) => type.name).join(' '));
 * ```
 */
export const fileTypes: readonly FileType[] = fileTypeList;

/**
 * The file type named `name` (case-insensitive; `Q4_K` alone means `Q4_K_M` and `Q3_K` `Q3_K_M`,
 * `Q5_K` `Q5_K_M` as llama-quantize accepts them).
 *
 * @example
 * ```ts
 * import { getFileType } from '@oellm/quantize';
 * getFileType('q4_k_m').id; // 15
 * ```
 */
export function getFileType(name: string): FileType {
  const upper = name.toUpperCase();
  const alias: Record<string, string> = { Q3_K: 'Q3_K_M', Q4_K: 'Q4_K_M', Q5_K: 'Q5_K_M' };
  const found = fileTypeList.find((type) => type.name.toUpperCase() === (alias[upper] ?? upper));
  if (!found) {
    throw new InputError({ code: 'unknown_file_type', message: `no quantisation recipe '${name}'; choose one of ${fileTypeList.map((type) => type.name).join(', ')}` });
  }
  return found;
}
