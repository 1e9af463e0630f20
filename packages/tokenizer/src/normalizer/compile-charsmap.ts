import { buildDoubleArray } from './double-array-builder.js';
import { buildNfkcMap, buildNmtNfkcMap, type CharactersMap } from './normalization-rules.js';
import { utf8Encoder } from './utf8.js';

/**
 * Compiles rules into SentencePiece's `precompiled_charsmap` blob (builder.cc's CompileCharsMap):
 * replacement strings NUL-terminated in code-point order, a double-array trie from UTF-8 sources
 * to replacement offsets, and the trie's byte size up front.
 *
 * @example
 * ```ts
 * import { compileCharsmap, normalizationRules } from '@oellm/tokenizer';
 * const blob = compileCharsmap(normalizationRules('nmt_nfkc'));
 * ```
 */
export function compileCharsmap(map: CharactersMap): Uint8Array {
  const targets = [...new Set(map.values())].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  const positions = new Map<string, number>();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const target of targets) {
    positions.set(target, size);
    const bytes = utf8Encoder.encode(target);
    parts.push(bytes, Uint8Array.of(0));
    size += bytes.length + 1;
  }
  const entries = [...map].map(([source, target]) => ({ key: utf8Encoder.encode(source), value: positions.get(target)! }));
  const units = buildDoubleArray(entries);
  const blob = new Uint8Array(4 + units.length * 4 + size);
  const view = new DataView(blob.buffer);
  view.setUint32(0, units.length * 4, true);
  for (let index = 0; index < units.length; index++) view.setUint32(4 + index * 4, units[index]!, true);
  let offset = 4 + units.length * 4;
  for (const part of parts) {
    blob.set(part, offset);
    offset += part.length;
  }
  return blob;
}

const cache = new Map<string, CharactersMap>();

/**
 * The rules of a SentencePiece normalisation rule name, built from the engine's Unicode data
 * (takes a few seconds the first time; cached). `identity` has no rules.
 *
 * @example
 * ```ts
 * import { normalizationRules } from '@oellm/tokenizer';
 * normalizationRules('nmt_nfkc').get('ﬁ'); // 'fi'
 * ```
 */
export function normalizationRules(name: 'nmt_nfkc' | 'nfkc' | 'identity'): CharactersMap {
  if (name === 'identity') return new Map();
  let rules = cache.get(name);
  if (!rules) cache.set(name, (rules = name === 'nfkc' ? buildNfkcMap() : buildNmtNfkcMap()));
  return rules;
}
