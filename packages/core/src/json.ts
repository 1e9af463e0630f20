/**
 * A value that survives `JSON.stringify` and `JSON.parse` unchanged.
 *
 * @example
 * ```ts
 * import type { JsonValue } from '@oellm/core';
 * const parameters: JsonValue = { vocabularySize: 32000, languages: ['de', 'mt'] };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A JSON object.
 *
 * @example
 * ```ts
 * import type { JsonObject } from '@oellm/core';
 * const parameters: JsonObject = { format: 'parquet', shards: 4 };
 * ```
 */
export type JsonObject = { [key: string]: JsonValue };
