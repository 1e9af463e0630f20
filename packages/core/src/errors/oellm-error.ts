// A registry-wide symbol, so an error thrown by one installed copy of @oellm/core is still
// recognised by another copy (two versions in one node_modules tree are common in monorepos).
const marker = 'oellm.error';
const symbol = Symbol.for(marker);

/**
 * What went wrong, for the caller to branch on: `input` and `usage` are the user's to fix.
 *
 * @example
 * ```ts
 * import { OellmError, type ErrorKind } from '@oellm/core';
 * const kind: ErrorKind = OellmError.isInstance(error) ? error.kind : 'failure';
 * ```
 */
export type ErrorKind = 'input' | 'usage' | 'failure';

/**
 * Options of {@link OellmError}.
 *
 * @example
 * ```ts
 * import { OellmError, type OellmErrorOptions } from '@oellm/core';
 * const options: OellmErrorOptions = { code: 'disk_full', message: 'no space left; free space or choose another --out' };
 * throw new OellmError(options);
 * ```
 */
export interface OellmErrorOptions {
  /** A stable, machine-readable code such as `unknown_language`. */
  code: string;
  /** The message: what happened and what to do about it. */
  message: string;
  /** Whose fault: `input` (a file or value), `usage` (a command line), `failure` (ours or the system's). */
  kind?: ErrorKind;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The base class of every error oellm throws. Messages say what happened and what to do.
 *
 * @example
 * ```ts
 * import { OellmError } from '@oellm/core';
 * try {
 *   run();
 * } catch (error) {
 *   if (OellmError.isInstance(error)) console.error(`${error.code}: ${error.message}`);
 * }
 * ```
 */
export class OellmError extends Error {
  private readonly [symbol] = true;
  readonly code: string;
  readonly kind: ErrorKind;

  constructor({ code, message, kind = 'failure', cause }: OellmErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'OellmError';
    this.code = code;
    this.kind = kind;
  }

  /** True for any oellm error, whichever installed copy of @oellm/core created it. */
  static isInstance(error: unknown): error is OellmError {
    return OellmError.hasMarker(error, marker);
  }

  /** Checks for a `Symbol.for(marker)` own-or-inherited flag; subclasses pass their own marker. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return error != null && typeof error === 'object' && markerSymbol in error && (error as Record<symbol, unknown>)[markerSymbol] === true;
  }
}
