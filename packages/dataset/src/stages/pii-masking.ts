import type { DocumentStageV1 } from '@oellm/core';
import { makeData, RecordBatch, Struct } from 'apache-arrow';
import { Utf8ColumnBuilder } from '../arrow/utf8-column-builder.js';
import { textsOf } from './text-column.js';
import { withStageRecipe } from '../parallel/stage-recipes.js';

/**
 * Replacements of {@link createPiiMaskingStage}. The defaults are reserved documentation
 * values (RFC 2606 `example.com`, RFC 5737 `192.0.2.0/24`, RFC 3849 `2001:db8::/32`), so a
 * masked value can never be a real address.
 *
 * @example
 * ```ts
 * import type { PiiMaskingOptions } from '@oellm/dataset';
 * const options: PiiMaskingOptions = { email: '<EMAIL>', ip: '<IP>' };
 * ```
 */
export interface PiiMaskingOptions {
  email?: string;
  ip?: string;
  ipv6?: string;
}

const emailPattern = /[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}/gu;
const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4Pattern = new RegExp(`(?<![\\d.])${octet}(?:\\.${octet}){3}(?![\\d.]*\\d)`, 'g');
const ipv6Pattern = /(?<![\p{L}\p{N}:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\p{L}\p{N}:])|(?<![\p{L}\p{N}:])(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}(?![\p{L}\p{N}:])/giu;

/**
 * Masks e-mail addresses and IPv4/IPv6 addresses in a text.
 *
 * @example
 * ```ts
 * import { maskPii } from '@oellm/dataset';
 * maskPii('Kitbu lil anna@gov.mt minn 10.0.0.7'); // 'Kitbu lil email@example.com minn 192.0.2.1'
 * ```
 */
export function maskPii(text: string, options: PiiMaskingOptions = {}): string {
  if (!text.includes('@') && !text.includes('.') && !text.includes(':')) return text;
  return text
    .replace(emailPattern, options.email ?? 'email@example.com')
    .replace(ipv4Pattern, options.ip ?? '192.0.2.1')
    .replace(ipv6Pattern, options.ipv6 ?? '2001:db8::1');
}

/**
 * A stage that masks e-mail and IP addresses in `text` and keeps every row (ids unchanged).
 *
 * @example
 * ```ts
 * import { createPiiMaskingStage } from '@oellm/dataset';
 * const stage = createPiiMaskingStage();
 * const { kept } = await stage.process(batch);
 * ```
 */
export function createPiiMaskingStage(options: PiiMaskingOptions = {}): DocumentStageV1 {
  return withStageRecipe({
    specificationVersion: 'v1',
    name: 'pii-masking',
    process(batch) {
      const texts = textsOf(batch);
      const masked = texts.map((text) => maskPii(text, options));
      if (masked.every((text, row) => text === texts[row])) return { kept: batch, dropped: [] };
      const builder = new Utf8ColumnBuilder(batch.numRows);
      for (const text of masked) builder.append(text);
      const textIndex = batch.schema.fields.findIndex((field) => field.name === 'text');
      const children = batch.data.children.slice();
      children[textIndex] = builder.finish().data[0]!;
      return { kept: new RecordBatch(batch.schema, makeData({ type: new Struct(batch.schema.fields), length: batch.numRows, nullCount: 0, children })), dropped: [] };
    },
  }, { kind: 'pii-masking', options });
}
