/**
 * One behaviour a spec implementation must have. `run` throws a {@link ConformanceFailure}
 * (or any error) when the implementation does not conform.
 *
 * @example
 * ```ts
 * import { requireThat, type ConformanceCheck } from '@oellm/conformance';
 * const check: ConformanceCheck = {
 *   name: 'vocabulary is not empty',
 *   run: async () => requireThat(tokenizer.vocabularySize > 0, 'vocabularySize must be positive'),
 * };
 * ```
 */
export interface ConformanceCheck {
  /** What is required, phrased as a rule: "accounts for every input row". */
  name: string;
  run(): Promise<void>;
}

/**
 * Thrown by a check when an implementation breaks the contract; the message says which rule
 * and what was seen.
 *
 * @example
 * ```ts
 * import { ConformanceFailure } from '@oellm/conformance';
 * throw new ConformanceFailure('decode(encode(text)) must equal text', { language: 'mt', got: 'Bongu' });
 * ```
 */
export class ConformanceFailure extends Error {
  readonly details: Record<string, unknown>;

  constructor(rule: string, details: Record<string, unknown> = {}) {
    const shown = Object.entries(details).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    super(shown.length > 0 ? `${rule}\n  ${shown.join('\n  ')}` : rule);
    this.name = 'ConformanceFailure';
    this.details = details;
  }
}

/**
 * Throws a {@link ConformanceFailure} unless `condition` holds.
 *
 * @example
 * ```ts
 * import { requireThat } from '@oellm/conformance';
 * requireThat(ids.length > 0, 'non-empty text must give at least one id', { text });
 * ```
 */
export function requireThat(condition: unknown, rule: string, details?: Record<string, unknown>): asserts condition {
  if (!condition) throw new ConformanceFailure(rule, details);
}

/**
 * The outcome of one check, from {@link runConformanceChecks}.
 *
 * @example
 * ```ts
 * import { runConformanceChecks, type ConformanceResult } from '@oellm/conformance';
 * const results: ConformanceResult[] = await runConformanceChecks(checks);
 * for (const result of results) console.log(result.passed ? 'ok  ' : 'FAIL', result.name);
 * ```
 */
export interface ConformanceResult {
  name: string;
  passed: boolean;
  error?: unknown;
}

/**
 * Runs checks outside any test framework (for scripts and CI jobs), one after another.
 *
 * @example
 * ```ts
 * import { runConformanceChecks, tokenizerChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(tokenizerChecks(() => myTokenizer));
 * const failed = results.filter((result) => !result.passed);
 * ```
 */
export async function runConformanceChecks(checks: readonly ConformanceCheck[]): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const check of checks) {
    try {
      await check.run();
      results.push({ name: check.name, passed: true });
    } catch (error) {
      results.push({ name: check.name, passed: false, error });
    }
  }
  return results;
}
