export { openQuarantineFile, type QuarantineFile } from '@oellm/core';

/**
 * Where the records quarantined while producing `output` go: `OUTPUT.quarantine.jsonl` beside it.
 *
 * @example
 * ```ts
 * import { quarantinePathFor } from '@oellm/tokenizer';
 * quarantinePathFor('tokens/train.bin'); // 'tokens/train.bin.quarantine.jsonl'
 * ```
 */
export function quarantinePathFor(output: string): string {
  return `${output}.quarantine.jsonl`;
}

