import { findLanguage } from '@oellm/core';

/**
 * One record mapped onto the document columns, or the reason it cannot be.
 *
 * @example
 * ```ts
 * import { mapRecord } from '@oellm/dataset';
 * const mapped = mapRecord({ text: 'Hallo', lang: 'de' }, 'a.jsonl:1');
 * if (mapped.ok) console.log(mapped.lang); // 'de'
 * ```
 */
export type MappedRecord =
  | { ok: true; id: string; text: string; lang: string | null; source: string | null; url: string | null; metadata: string | null }
  | { ok: false; reason: 'missing_text' | 'not_an_object'; detail: string };

const documentFields = new Set(['id', 'text', 'lang', 'source', 'url', 'metadata']);
// HPLT v2 fields that become document columns; every other field goes to metadata.
const hpltColumnFields = new Set(['id', 'text', 'u']);

/**
 * Maps a parsed JSON record (a JSONL line or a Parquet row) onto the document schema.
 *
 * - HPLT v2 records (recognised by `lang` being an array): `text`, `id`, `lang[0]` (mapped to a
 *   registry code when it is one) with `prob[0]`, `u` → `url`; every other field, including the
 *   original `lang` and `prob` arrays, is kept in `metadata`.
 * - Other records: `text`, `id`, `lang`, `source`, `url` (`language` is accepted for `lang`, as
 *   FineWeb-2 and CulturaX name it); other fields and a `metadata` object go to `metadata`.
 *
 * `fallbackId` is used when the record has no id (`file:line`), `defaultSource` when it has no source.
 *
 * @example
 * ```ts
 * import { mapRecord } from '@oellm/dataset';
 * mapRecord({ text: 'Bonġu', lang: ['mlt_Latn'], prob: [0.97], u: 'https://example.mt/' }, 'x:1');
 * // { ok: true, lang: 'mt', url: 'https://example.mt/', metadata: '{"lang":["mlt_Latn"],"prob":[0.97]}', … }
 * ```
 */
export function mapRecord(value: unknown, fallbackId: string, defaultSource: string | null = null): MappedRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'not_an_object', detail: 'a document must be a JSON object with a "text" string' };
  }
  const record = value as Record<string, unknown>;
  const text = record['text'];
  if (typeof text !== 'string') {
    return { ok: false, reason: 'missing_text', detail: text === undefined ? 'the record has no "text" field' : `"text" is ${text === null ? 'null' : typeof text}, expected a string` };
  }
  const rawId = record['id'];
  const id = typeof rawId === 'string' ? rawId : typeof rawId === 'number' || typeof rawId === 'bigint' ? String(rawId) : fallbackId;
  const lang = record['lang'];
  if (Array.isArray(lang)) return mapHplt(record, id, text, lang, defaultSource);

  let metadata: Record<string, unknown> | null = null;
  const given = record['metadata'];
  if (given !== null && typeof given === 'object' && !Array.isArray(given)) metadata = { ...(given as Record<string, unknown>) };
  else if (typeof given === 'string') metadata = parseMetadataText(given);
  else if (given !== undefined && given !== null) metadata = { metadata: given };
  for (const key in record) {
    if (documentFields.has(key) || key === 'language') continue;
    (metadata ??= {})[key] = record[key];
  }
  const languageValue = typeof lang === 'string' ? lang : record['language'];
  if (typeof languageValue !== 'string' && record['language'] !== undefined) (metadata ??= {})['language'] = record['language'];
  return {
    ok: true,
    id,
    text,
    lang: typeof languageValue === 'string' ? normaliseLanguage(languageValue) : null,
    source: stringOrNull(record['source']) ?? defaultSource,
    url: stringOrNull(record['url']),
    metadata: metadata === null ? null : stringifyMetadata(metadata),
  };
}

function mapHplt(record: Record<string, unknown>, id: string, text: string, lang: unknown[], defaultSource: string | null): MappedRecord {
  const metadata: Record<string, unknown> = {};
  for (const key in record) if (!hpltColumnFields.has(key)) metadata[key] = record[key];
  const first = lang[0];
  return {
    ok: true,
    id,
    text,
    lang: typeof first === 'string' ? normaliseLanguage(first) : null,
    source: defaultSource ?? 'hplt-v2',
    url: stringOrNull(record['u']),
    metadata: stringifyMetadata(metadata),
  };
}

const languageCache = new Map<string, string>();

/**
 * A registry code for a corpus' language label (`deu_Latn` → `de`); labels that are not in
 * the registry are kept as given, so nothing is lost.
 *
 * @example
 * ```ts
 * import { normaliseLanguage } from '@oellm/dataset';
 * normaliseLanguage('lvs_Latn'); // 'lv'
 * normaliseLanguage('zho_Hans'); // 'zho_Hans'
 * ```
 */
export function normaliseLanguage(label: string): string {
  let code = languageCache.get(label);
  if (code === undefined) {
    code = findLanguage(label)?.code ?? label;
    if (languageCache.size < 10_000) languageCache.set(label, code);
  }
  return code;
}

/** Columnar files in the document schema (ours, Parquet or Arrow) hold metadata as JSON object text. */
function parseMetadataText(text: string): Record<string, unknown> {
  if (text.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Not JSON after all: kept as a plain string below.
    }
  }
  return { metadata: text };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function stringifyMetadata(metadata: Record<string, unknown>): string {
  // BigInt (Parquet INT64) has no JSON form; write it as a number when exact, else a string.
  return JSON.stringify(metadata, (_key, value: unknown) => (typeof value === 'bigint' ? (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()) : value));
}
