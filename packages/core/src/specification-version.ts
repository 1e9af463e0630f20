/**
 * The version of the shared spec an implementation follows. Every interface carries it as a
 * literal, so a future `v2` interface can live beside `v1` and be told apart at run time.
 *
 * @example
 * ```ts
 * import { specificationVersion } from '@oellm/core';
 * const stage = { specificationVersion, name: 'keep-all', process: (batch) => ({ kept: batch, dropped: [] }) };
 * ```
 */
export const specificationVersion = 'v1' as const;

/**
 * The literal type `'v1'`.
 *
 * @example
 * ```ts
 * import type { SpecificationVersion } from '@oellm/core';
 * const version: SpecificationVersion = 'v1';
 * ```
 */
export type SpecificationVersion = typeof specificationVersion;
