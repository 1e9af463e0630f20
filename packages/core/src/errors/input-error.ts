import { OellmError } from './oellm-error.js';

const marker = 'oellm.error.input';
const symbol = Symbol.for(marker);

/**
 * Where in an input a problem is. Lines are 1-based, byte offsets 0-based.
 *
 * @example
 * ```ts
 * import type { InputLocation } from '@oellm/core';
 * const location: InputLocation = { file: 'model.gguf', offset: 24, field: 'tensor_count' };
 * ```
 */
export interface InputLocation {
  file?: string;
  line?: number;
  offset?: number;
  field?: string;
}

/**
 * Bad input: a file or value the user can fix. The message names the place and the remedy.
 *
 * @example
 * ```ts
 * import { InputError } from '@oellm/core';
 * throw new InputError({
 *   code: 'invalid_json',
 *   message: 'is not valid JSON; fix or remove the line',
 *   location: { file: 'corpus.jsonl', line: 12 },
 * });
 * // message: "corpus.jsonl:12: is not valid JSON; fix or remove the line"
 * ```
 */
export class InputError extends OellmError {
  private readonly [symbol] = true;
  readonly location: InputLocation;

  constructor(options: { code: string; message: string; location?: InputLocation; cause?: unknown }) {
    const location = options.location ?? {};
    super({ code: options.code, message: prefixLocation(location, options.message), kind: 'input', cause: options.cause });
    this.name = 'InputError';
    this.location = location;
  }

  static override isInstance(error: unknown): error is InputError {
    return OellmError.hasMarker(error, marker);
  }
}

/**
 * Renders a location as the `file:line` (or `file@offset`) prefix compilers use.
 *
 * @example
 * ```ts
 * import { formatLocation } from '@oellm/core';
 * formatLocation({ file: 'a.jsonl', line: 3 });   // 'a.jsonl:3'
 * formatLocation({ file: 'm.gguf', offset: 24 }); // 'm.gguf@24'
 * ```
 */
export function formatLocation(location: InputLocation): string {
  let text = location.file ?? '';
  if (location.line !== undefined) text += `:${location.line}`;
  else if (location.offset !== undefined) text += `@${location.offset}`;
  if (location.field !== undefined) text += `${text ? ' ' : ''}(${location.field})`;
  return text;
}

function prefixLocation(location: InputLocation, message: string): string {
  const where = formatLocation(location);
  return where ? `${where}: ${message}` : message;
}
