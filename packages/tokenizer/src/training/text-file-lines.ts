import { InputError, type QuarantineRecord } from '@oellm/core';
import { readLineBytes } from '../datasets/read-line-bytes.js';

// Enough of a bad line for a person to recognise it in the quarantine file.
const rawBytesKept = 200;

/** Options of {@link readTextFileLines}. */
export interface TextFileLinesOptions {
  /** Receives every line that is not valid UTF-8 (file, 1-based line, byte offset, its first bytes). */
  quarantine?: (record: QuarantineRecord) => void;
  /** Stop at the first line that is not valid UTF-8 with an InputError naming file and line. */
  strict?: boolean;
  /** Leave out empty lines. */
  skipEmpty?: boolean;
}

/**
 * The lines of text files as strings, for training: a line that is not valid UTF-8 is skipped
 * and handed to `quarantine` (or stops the read with `strict`), never decoded into U+FFFD
 * characters the tokenizer would learn.
 */
export async function* readTextFileLines(files: readonly string[], options: TextFileLinesOptions = {}): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const file of files) {
    let lineNumber = 0;
    let offset = 0;
    for await (const bytes of readLineBytes(file)) {
      lineNumber++;
      const lineOffset = offset;
      offset += bytes.length + 1;
      if (options.skipEmpty && bytes.length === 0) continue;
      let line: string;
      try {
        line = decoder.decode(bytes);
      } catch {
        const detail = 'the line is not valid UTF-8; convert the file (for example `iconv -f latin1 -t utf-8`) or leave the line out';
        if (options.strict) throw new InputError({ code: 'invalid_utf8', message: detail, location: { file, line: lineNumber, offset: lineOffset } });
        options.quarantine?.({ file, line: lineNumber, offset: lineOffset, reason: 'invalid_utf8', detail, raw: Buffer.from(bytes.subarray(0, rawBytesKept)).toString('latin1') });
        continue;
      }
      yield line;
    }
  }
}
