import { buildNfkcCaseFoldMap, buildNmtNfkcCaseFoldMap } from './case-folding-rules.js';
import { compileRulesToCharsmap } from './charsmap-compiler.js';
import { buildNfkcMap, buildNmtNfkcMap, type CharactersMap, type NormalizationRuleName } from './normalization-rules.js';

/**
 * Compiles rules into SentencePiece's `precompiled_charsmap` blob (builder.cc's CompileCharsMap):
 * replacement strings NUL-terminated in code-point order, a double-array trie from UTF-8 sources
 * to replacement offsets, and the trie's byte size up front. For the built-in rule sets use
 * {@link precompiledCharsmap}: the same bytes, without building.
 *
 * @example
 * ```ts
 * import { compileCharsmap } from '@oellm/tokenizer';
 * const blob = compileCharsmap(new Map([['ﬁ', 'fi']]));
 * ```
 */
export function compileCharsmap(map: CharactersMap): Uint8Array {
  return compileRulesToCharsmap(map);
}

/** The builders, the source of truth for every rule set that has a charsmap (the precompiled ones included). */
export const ruleSetBuilders: Record<Exclude<NormalizationRuleName, 'identity'>, () => CharactersMap> = {
  nmt_nfkc: buildNmtNfkcMap,
  nfkc: buildNfkcMap,
  nmt_nfkc_cf: buildNmtNfkcCaseFoldMap,
  nfkc_cf: buildNfkcCaseFoldMap,
};

/**
 * The rules of a SentencePiece normalisation rule name, built from the engine's Unicode data
 * (about a second and a few hundred megabytes while it runs; not cached, so the memory is
 * returned). `identity` has no rules; the `_cf` names add Unicode simple case folding, as spm's
 * builder does. Trained models do not build them: they carry {@link precompiledCharsmap}, which
 * is what this compiles to (a test checks it).
 *
 * @example
 * ```ts
 * import { normalizationRules } from '@oellm/tokenizer';
 * normalizationRules('nmt_nfkc').get('ﬁ'); // 'fi'
 * ```
 */
export function normalizationRules(name: NormalizationRuleName): CharactersMap {
  return name === 'identity' ? new Map() : ruleSetBuilders[name]();
}
