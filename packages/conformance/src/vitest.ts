import type { DocumentStageV1, TokenizerV1 } from '@oellm/core';
import { describe, it } from 'vitest';
import type { ConformanceCheck } from './conformance-check.js';
import { documentStageChecks, type DocumentStageCheckOptions } from './document-stage-checks.js';
import { tokenizerChecks, type TokenizerCheckOptions } from './tokenizer-checks.js';
import { documentSourceChecks } from './document-source-checks.js';
import { documentSinkChecks, type DocumentSinkCheckOptions } from './document-sink-checks.js';
import type { DocumentSourceCheckOptions } from './document-source-checks.js';
import type { DocumentSinkV1, DocumentSourceV1 } from '@oellm/core';

/**
 * Registers checks as a vitest `describe` block, one `it` per rule.
 *
 * @example
 * ```ts
 * import { describeConformance } from '@oellm/conformance/vitest';
 * describeConformance('my checks', myChecks);
 * ```
 */
export function describeConformance(title: string, checks: readonly ConformanceCheck[], timeoutMs = 60_000): void {
  describe(title, () => {
    for (const check of checks) it(check.name, () => check.run(), timeoutMs);
  });
}

/**
 * The DocumentStage suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * // my-stage.conformance.test.ts
 * import { describeDocumentStageConformance } from '@oellm/conformance/vitest';
 * import { createMyStage } from '../src/index.js';
 * describeDocumentStageConformance('my stage', () => createMyStage());
 * ```
 */
export function describeDocumentStageConformance(title: string, createStage: () => DocumentStageV1 | Promise<DocumentStageV1>, options?: DocumentStageCheckOptions): void {
  describeConformance(`DocumentStage conformance: ${title}`, documentStageChecks(createStage, options));
}

/**
 * The Tokenizer suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeTokenizerConformance } from '@oellm/conformance/vitest';
 * describeTokenizerConformance('my tokenizer', () => loadMyTokenizer(), { lossless: true });
 * ```
 */
export function describeTokenizerConformance(title: string, createTokenizer: () => TokenizerV1 | Promise<TokenizerV1>, options?: TokenizerCheckOptions): void {
  describeConformance(`Tokenizer conformance: ${title}`, tokenizerChecks(createTokenizer, options));
}

/**
 * The DocumentSource suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeDocumentSourceConformance } from '@oellm/conformance/vitest';
 * describeDocumentSourceConformance('my reader', () => createMySource('corpus.jsonl'), { expectedDocuments: 120 });
 * ```
 */
export function describeDocumentSourceConformance(
  title: string,
  createSource: () => DocumentSourceV1 | Promise<DocumentSourceV1>,
  options?: DocumentSourceCheckOptions,
): void {
  describeConformance(`DocumentSource conformance: ${title}`, documentSourceChecks(createSource, options));
}

/**
 * The DocumentSink suite in one line of a partner's vitest file.
 *
 * @example
 * ```ts
 * import { describeDocumentSinkConformance } from '@oellm/conformance/vitest';
 * describeDocumentSinkConformance('my writer', (directory) => createMySink(directory), { readBack: readMyShards });
 * ```
 */
export function describeDocumentSinkConformance(
  title: string,
  createSink: (directory: string) => DocumentSinkV1 | Promise<DocumentSinkV1>,
  options?: DocumentSinkCheckOptions,
): void {
  describeConformance(`DocumentSink conformance: ${title}`, documentSinkChecks(createSink, options));
}
