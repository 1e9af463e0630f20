import { OellmError } from './oellm-error.js';

const marker = 'oellm.error.usage';
const symbol = Symbol.for(marker);

/**
 * A command or function was called wrongly (a missing option, a bad value). Exit code 2 in the CLI.
 *
 * @example
 * ```ts
 * import { UsageError } from '@oellm/core';
 * throw new UsageError({ code: 'missing_option', message: '--out is required; pass a directory to write to' });
 * ```
 */
export class UsageError extends OellmError {
  private readonly [symbol] = true;

  constructor(options: { code: string; message: string; cause?: unknown }) {
    super({ ...options, kind: 'usage' });
    this.name = 'UsageError';
  }

  static override isInstance(error: unknown): error is UsageError {
    return OellmError.hasMarker(error, marker);
  }
}
