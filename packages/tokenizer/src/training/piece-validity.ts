import type { ResolvedTrainerOptions } from './trainer-options.js';
import { scriptOf, type ScriptName } from './unicode-script.js';

export const whitespaceCharacter = 0x2581; // ▁
export const unknownCharacter = 0x2585; // ▅: stands for characters outside the coverage
export const boundaryCharacter = 0x09; // tab: where user-defined symbols were cut out

function isDecimalDigit(codepoint: number): boolean {
  return (codepoint >= 0x30 && codepoint <= 0x39) || (codepoint >= 0xff10 && codepoint <= 0xff19);
}

/**
 * TrainerInterface::IsValidSentencePiece: whether `characters` may become a piece — not too
 * long, ▁ only as a prefix (or suffix), no unknown or boundary characters, one script
 * (Common counts as its own script), digits alone when split_digits is set.
 */
export function isValidSentencePiece(characters: readonly number[], options: ResolvedTrainerOptions): boolean {
  const length = characters.length;
  if (length === 0 || length > options.maxSentencepieceLength) return false;
  let previousScript: ScriptName | 'Any' = 'Any';
  const allWhitespace = characters.every((character) => character === whitespaceCharacter);
  for (let position = 0; position < length; position++) {
    const character = characters[position]!;
    if (character === unknownCharacter || character === 0 || character === boundaryCharacter || character === 0x20) return false;
    if (character === whitespaceCharacter) {
      if (!options.allowWhitespaceOnlyPieces || !allWhitespace) {
        if (options.treatWhitespaceAsSuffix) {
          if ((options.splitByWhitespace && position < length - 1) || (!options.splitByWhitespace && position < length - 1 && position === 0)) return false;
        } else if ((options.splitByWhitespace && position > 0) || (!options.splitByWhitespace && position > 0 && position === length - 1)) {
          return false;
        }
      }
      continue;
    }
    let script: ScriptName | 'Any' = scriptOf(character);
    if (script === 'Hiragana' || script === 'Katakana' || character === 0x30fc) script = 'Han';
    else if (script === 'Inherited') script = previousScript;
    if (!options.splitByNumber && isDecimalDigit(character)) script = 'Any';
    if (options.splitDigits && isDecimalDigit(character) && length > 1) return false;
    if (options.splitByUnicodeScript && script !== 'Any' && previousScript !== 'Any' && previousScript !== script) return false;
    previousScript = script;
  }
  return true;
}
