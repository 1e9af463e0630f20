import { editDistance } from './edit-distance.js';

/**
 * The candidates nearest to `query` by edit distance (case-insensitive), best first, within
 * about one edit per three characters: close enough to be a typo, not a different word.
 * Used for "did you mean …?" in errors.
 *
 * @example
 * ```ts
 * import { closestMatches } from '@oellm/core';
 * closestMatches('langauges', ['languages', 'data', 'tokenizer']); // ['languages']
 * ```
 */
export function closestMatches(query: string, candidates: Iterable<string>, limit = 3): string[] {
  const key = query.toLowerCase();
  const allowed = Math.max(1, Math.ceil(key.length / 3));
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate.toLowerCase());
    if (distance <= allowed) scored.push({ candidate, distance });
  }
  return scored
    .sort((left, right) => left.distance - right.distance)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
