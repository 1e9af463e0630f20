import { sentencePieceScriptNames, sentencePieceScriptRanges } from './sentencepiece-script-table.js';

/**
 * The Unicode script of a code point, for SentencePiece's rule that a piece never mixes
 * scripts. Read from spm 0.1.97's own table (see sentencepiece-script-table.ts), not the
 * engine's Unicode data: spm's table predates characters and reassignments of later Unicode
 * versions (U+A7B9 ꞹ is Common there, U+0589 ։ Common, not Armenian), and pieces must be valid
 * exactly when spm_train finds them valid, whatever Node's ICU version.
 */
export type ScriptName = (typeof sentencePieceScriptNames)[number] | 'Common';

let rangeStarts: Int32Array | undefined;
let rangeEnds: Int32Array | undefined;
let rangeScripts: Uint8Array | undefined;

function decodeRanges(): void {
  const entries = sentencePieceScriptRanges.split(';');
  rangeStarts = new Int32Array(entries.length);
  rangeEnds = new Int32Array(entries.length);
  rangeScripts = new Uint8Array(entries.length);
  let previousEnd = -1;
  entries.forEach((entry, index) => {
    const [gap, length, script] = entry.split(',').map((field) => parseInt(field, 36));
    rangeStarts![index] = previousEnd + 1 + gap!;
    rangeEnds![index] = rangeStarts![index]! + length!;
    rangeScripts![index] = script!;
    previousEnd = rangeEnds![index]!;
  });
}

/** Script of `codepoint` as spm 0.1.97 sees it (`Latin`, `Common`, `Inherited`, …). */
export function scriptOf(codepoint: number): ScriptName {
  if (rangeStarts === undefined) decodeRanges();
  let low = 0;
  let high = rangeStarts!.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codepoint < rangeStarts![middle]!) high = middle - 1;
    else if (codepoint > rangeEnds![middle]!) low = middle + 1;
    else return sentencePieceScriptNames[rangeScripts![middle]!]!;
  }
  return 'Common';
}
