import { buildDoubleArray } from './double-array-builder.js';
import type { CharactersMap } from './normalization-rules.js';
import { utf8Encoder } from './utf8.js';

/**
 * Compiles rules into SentencePiece's `precompiled_charsmap` blob (builder.cc's CompileCharsMap):
 * replacement strings NUL-terminated in code-point order, a double-array trie from UTF-8 sources
 * to replacement offsets, and the trie's byte size up front. Its own module so the generator of
 * the precompiled charsmaps never loads the generated data.
 *
 * @example
 * ```ts
 * const blob = compileRulesToCharsmap(new Map([['ﬁ', 'fi']]));
 * ```
 */
export function compileRulesToCharsmap(map: CharactersMap): Uint8Array {
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
