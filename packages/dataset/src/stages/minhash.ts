/**
 * Parameters of MinHash signatures and LSH banding. The defaults are datatrove's
 * (`MinhashConfig`): 5-word shingles, 14 bands of 8 hashes (112 hashes in all).
 *
 * @example
 * ```ts
 * import type { MinhashOptions } from '@oellm/dataset';
 * const options: MinhashOptions = { shingleSize: 5, bands: 14, hashesPerBand: 8, seed: 1 };
 * ```
 */
export interface MinhashOptions {
  shingleSize?: number;
  bands?: number;
  hashesPerBand?: number;
  seed?: number;
}

/**
 * Normalises text the way datatrove's `simplify_text` does before shingling: lowercase,
 * diacritics removed, digits folded to 0, punctuation and symbols removed, whitespace
 * collapsed. Returns the words.
 *
 * @example
 * ```ts
 * import { minhashWords } from '@oellm/dataset';
 * minhashWords('Ħajja ta’ 2024: Ċiklu!'); // ['hajja', 'ta', '0000', 'ciklu']
 * ```
 */
export function minhashWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\p{N}/gu, '0')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .split(/\s+/u)
    .filter((word) => word !== '');
}

/**
 * The hashed word n-grams (shingles) of a text; a text shorter than one shingle is one shingle.
 *
 * @example
 * ```ts
 * import { shingleHashes } from '@oellm/dataset';
 * shingleHashes('a b c d e f', 5).length; // 2
 * ```
 */
export function shingleHashes(text: string, shingleSize = 5): Uint32Array {
  const words = minhashWords(text);
  const count = Math.max(1, words.length - shingleSize + 1);
  const hashes = new Uint32Array(count);
  for (let start = 0; start < count; start++) hashes[start] = hashString(words.slice(start, start + shingleSize).join(' '));
  return hashes;
}

/**
 * The MinHash signature of a text: for each of `bands × hashesPerBand` hash functions, the
 * minimum over the text's shingles. The fraction of equal positions in two signatures
 * estimates the Jaccard similarity of their shingle sets.
 *
 * @example
 * ```ts
 * import { minhashSignature } from '@oellm/dataset';
 * const a = minhashSignature(textA), b = minhashSignature(textB);
 * const similarity = a.filter((value, index) => value === b[index]).length / a.length;
 * ```
 */
export function minhashSignature(text: string, options: MinhashOptions = {}): Uint32Array {
  const { shingleSize = 5, bands = 14, hashesPerBand = 8, seed = 1 } = options;
  const shingles = shingleHashes(text, shingleSize);
  const size = bands * hashesPerBand;
  const signature = new Uint32Array(size).fill(0xffffffff);
  for (let index = 0; index < size; index++) {
    // Hash function `index`: the murmur3 finaliser of the shingle hash xor a per-function salt.
    const salt = finalise(Math.imul(index + 1, 0x9e3779b1) ^ seed);
    let minimum = 0xffffffff;
    for (let shingle = 0; shingle < shingles.length; shingle++) {
      const value = finalise(shingles[shingle]! ^ salt);
      if (value < minimum) minimum = value;
    }
    signature[index] = minimum;
  }
  return signature;
}

/**
 * One key per LSH band: two documents are near-duplicate candidates when any band key is equal.
 *
 * @example
 * ```ts
 * import { bandKeys, minhashSignature } from '@oellm/dataset';
 * const keys = bandKeys(minhashSignature(text), 14, 8); // 14 numbers
 * ```
 */
export function bandKeys(signature: Uint32Array, bands = 14, hashesPerBand = 8): number[] {
  const keys: number[] = [];
  for (let band = 0; band < bands; band++) {
    let high = 0x811c9dc5;
    let low = 0x01000193 ^ band;
    for (let index = band * hashesPerBand; index < (band + 1) * hashesPerBand; index++) {
      high = finalise(high ^ signature[index]!);
      low = finalise(Math.imul(low, 0x01000193) ^ signature[index]!);
    }
    // 52 bits: exact as a JavaScript number, so a Set<number> holds the keys without strings.
    keys.push((high & 0xfffff) * 0x100000000 + (low >>> 0));
  }
  return keys;
}

function finalise(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function hashString(text: string): number {
  // FNV-1a over UTF-16 code units, then finalised: a fast 32-bit shingle hash.
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return finalise(hash);
}
