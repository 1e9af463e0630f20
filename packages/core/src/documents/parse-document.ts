import { InputError, type InputLocation } from '../errors/input-error.js';
import type { JsonObject } from '../json.js';
import type { Document } from './document.js';

/**
 * Checks a parsed JSON value against the document shape and returns a {@link Document}.
 * Unknown fields move into `metadata`, so nothing the corpus carried is lost.
 *
 * @throws InputError with code `missing_text`, `invalid_field` or `not_an_object`, naming `location`.
 * @example
 * ```ts
 * import { parseDocument } from '@oellm/core';
 * const document = parseDocument(JSON.parse(line), { file: 'a.jsonl', line: 3 }, 'a.jsonl:3');
 * ```
 */
export function parseDocument(value: unknown, location: InputLocation = {}, fallbackId?: string): Document {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError({ code: 'not_an_object', message: 'a document must be a JSON object with a "text" string', location });
  }
  const record = value as Record<string, unknown>;
  const text = record['text'];
  if (typeof text !== 'string') {
    throw new InputError({
      code: 'missing_text',
      message: text === undefined ? 'the record has no "text" field' : `"text" is ${text === null ? 'null' : typeof text}, expected a string`,
      location: { ...location, field: 'text' },
    });
  }
  const id = optionalString(record, 'id', location) ?? fallbackId;
  if (id === undefined) throw new InputError({ code: 'missing_id', message: 'the record has no "id" string', location: { ...location, field: 'id' } });
  const metadata: JsonObject = {};
  let hasMetadata = false;
  const given = record['metadata'];
  if (given !== undefined && given !== null) {
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new InputError({ code: 'invalid_field', message: '"metadata" must be an object', location: { ...location, field: 'metadata' } });
    }
    Object.assign(metadata, given);
    hasMetadata = true;
  }
  for (const [key, field] of Object.entries(record)) {
    if (!knownFields.has(key)) {
      metadata[key] = field as JsonObject[string];
      hasMetadata = true;
    }
  }
  return {
    id,
    text,
    lang: optionalString(record, 'lang', location) ?? null,
    source: optionalString(record, 'source', location) ?? null,
    url: optionalString(record, 'url', location) ?? null,
    metadata: hasMetadata ? metadata : null,
  };
}

const knownFields = new Set(['id', 'text', 'lang', 'source', 'url', 'metadata']);

function optionalString(record: Record<string, unknown>, field: string, location: InputLocation): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && field === 'id') return String(value);
  if (typeof value !== 'string') {
    throw new InputError({ code: 'invalid_field', message: `"${field}" must be a string, got ${typeof value}`, location: { ...location, field } });
  }
  return value;
}
