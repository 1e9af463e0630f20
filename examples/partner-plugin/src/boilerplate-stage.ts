import type { DocumentStageV1 } from '@oellm/core';
import { filterRecordBatch } from '@oellm/core/arrow';

// Cookie banners and consent walls in a few EU languages: whole documents that are only this
// are crawl noise. A partner would tune the list on its own corpus.
const boilerplate = [
  /\b(accept|reject) (all )?cookies\b/i,
  /\bcookies? (akzeptieren|ablehnen)\b/i,
  /\b(accepter|refuser) (les|tous les) cookies\b/i,
  /\b(aceptar|rechazar) (las |todas las )?cookies\b/i,
  /\b(accetta|rifiuta) (i |tutti i )?cookie\b/i,
];

/**
 * Drops documents that are short and consist of consent-banner text, with the reason
 * `boilerplate:cookie_banner`. Longer documents that merely mention cookies are kept.
 *
 * @example
 * ```ts
 * import { createBoilerplateStage } from '@oellm/example-partner-plugin';
 * const { kept, dropped } = await createBoilerplateStage({ maxCharacters: 400 }).process(batch);
 * ```
 */
export function createBoilerplateStage(options: { maxCharacters?: number } = {}): DocumentStageV1 {
  const maxCharacters = options.maxCharacters ?? 400;
  return {
    specificationVersion: 'v1',
    name: 'drop-cookie-banners',
    process(batch) {
      const text = batch.getChild('text');
      const keep = new Uint8Array(batch.numRows);
      for (let row = 0; row < batch.numRows; row++) {
        const value = String(text?.get(row) ?? '');
        keep[row] = value.length > maxCharacters || !boilerplate.some((pattern) => pattern.test(value)) ? 1 : 0;
      }
      return filterRecordBatch(batch, keep, 'boilerplate:cookie_banner');
    },
  };
}
