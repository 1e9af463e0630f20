/**
 * The sacreBLEU release whose scores these metrics reproduce; signatures say `version:2.6.0+oellm`
 * so a reader sees both the semantics and that oellm computed the number.
 *
 * @example
 * ```ts
 * import { sacrebleuCompatibleVersion } from '@oellm/eval';
 * // Signatures read 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0+oellm'
 * console.log(sacrebleuCompatibleVersion);
 * ```
 */
export const sacrebleuCompatibleVersion = '2.6.0+oellm';

/**
 * Builds a signature in sacreBLEU's layout (sacrebleu/metrics/base.py `Signature.format`):
 * `nrefs`, optional `bs`/`seed`, the metric's own fields, `version` last.
 *
 * @example
 * ```ts
 * formatSignature(1, undefined, [['case', 'mixed']]); // 'nrefs:1|case:mixed|version:2.6.0+oellm'
 * ```
 */
export function formatSignature(
  referenceCount: number | 'var',
  bootstrap: { resamples: number; seed: number } | undefined,
  fields: readonly (readonly [string, string | number])[],
): string {
  const pairs = [`nrefs:${referenceCount}`];
  if (bootstrap) pairs.push(`bs:${bootstrap.resamples}`, `seed:${bootstrap.seed}`);
  for (const [key, value] of fields) pairs.push(`${key}:${value}`);
  pairs.push(`version:${sacrebleuCompatibleVersion}`);
  return pairs.join('|');
}
