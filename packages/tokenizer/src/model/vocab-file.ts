import { writeFileAtomic } from '@oellm/core';
import type { ModelProto } from './model-proto.js';

/**
 * Formats a float as absl::StrCat does (six significant digits, `%g` style), which is how
 * spm_train prints scores in the `.vocab` file.
 *
 * @example
 * ```ts
 * import { formatSixDigits } from '@oellm/tokenizer';
 * formatSixDigits(-10.123456789); // '-10.1235', as spm_train writes scores in .vocab files
 * formatSixDigits(0); // '0'
 * ```
 */
export function formatSixDigits(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  const exponential = value.toExponential(5); // d.ddddde±x: the rounding %g uses
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, power] = exponential.split('e') as [string, string];
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const sign = power.startsWith('-') ? '-' : '+';
    const digits = power.replace(/^[+-]/, '').padStart(2, '0');
    return `${trimmed}e${sign}${digits}`;
  }
  const fixed = value.toFixed(Math.max(0, 5 - exponent));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/**
 * The `.vocab` text spm_train writes beside a model: one `piece<TAB>score` line per piece
 * (score 0 for every piece when the model was trained with vocabulary_output_piece_score=false).
 *
 * @example
 * ```ts
 * import { formatVocabulary } from '@oellm/tokenizer';
 * await writeFile('eu.vocab', formatVocabulary(model));
 * ```
 */
export function formatVocabulary(model: ModelProto): string {
  const withScores = model.trainerSpec?.vocabularyOutputPieceScore ?? true;
  let text = '';
  for (const piece of model.pieces) text += `${piece.piece ?? ''}\t${withScores ? formatSixDigits(piece.score ?? 0) : '0'}\n`;
  return text;
}

/**
 * Writes the `.vocab` file atomically.
 *
 * @example
 * ```ts
 * import { writeVocabularyFile } from '@oellm/tokenizer';
 * await writeVocabularyFile('out/eu.vocab', model);
 * ```
 */
export async function writeVocabularyFile(path: string, model: ModelProto): Promise<void> {
  await writeFileAtomic(path, formatVocabulary(model));
}
