import { OellmError } from './oellm-error.js';

const marker = 'oellm.error.unknown-language';
const symbol = Symbol.for(marker);

/**
 * A language code or name that is not in the registry. `closeMatches` lists registry codes
 * that look alike, so a typo (`lvs_latn`, `greek`, `ie`) is one step from fixed.
 *
 * @example
 * ```ts
 * import { getLanguage, UnknownLanguageError } from '@oellm/core';
 * try {
 *   getLanguage('gre-GR');
 * } catch (error) {
 *   if (UnknownLanguageError.isInstance(error)) console.log(error.closeMatches);
 * }
 * ```
 */
export class UnknownLanguageError extends OellmError {
  private readonly [symbol] = true;
  readonly query: string;
  readonly closeMatches: readonly string[];

  constructor(query: string, closeMatches: readonly string[]) {
    const suggestion = closeMatches.length > 0 ? ` Did you mean ${closeMatches.map((code) => `'${code}'`).join(', ')}?` : '';
    super({
      code: 'unknown_language',
      kind: 'input',
      message: `Unknown language '${query}'.${suggestion} Run \`oellm languages\` to list every supported code.`,
    });
    this.name = 'UnknownLanguageError';
    this.query = query;
    this.closeMatches = closeMatches;
  }

  static override isInstance(error: unknown): error is UnknownLanguageError {
    return OellmError.hasMarker(error, marker);
  }
}
