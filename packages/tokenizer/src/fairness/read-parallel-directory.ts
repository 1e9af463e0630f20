import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findLanguage, InputError } from '@oellm/core';

/** One language of a parallel corpus. */
export interface ParallelText {
  name: string;
  /** Registry code if the file name names a known language (`deu_Latn.dev` → `de`). */
  language?: string;
  lines: string[];
}

/**
 * Reads a directory of line-aligned files (FLORES-200's `deu_Latn.dev`, or `de.txt`), one language
 * per file. Files must have the same number of lines.
 *
 * @example
 * ```ts
 * import { readParallelDirectory } from '@oellm/tokenizer';
 * const texts = await readParallelDirectory('flores200-dev');
 * ```
 */
export async function readParallelDirectory(directory: string): Promise<ParallelText[]> {
  const names = (await readdir(directory)).filter((name) => !name.startsWith('.')).sort();
  const texts: ParallelText[] = [];
  for (const fileName of names) {
    const stem = fileName.replace(/\.[^.]*$/, '');
    const lines = (await readFile(join(directory, fileName), 'utf8')).split('\n');
    if (lines.at(-1) === '') lines.pop();
    const language = findLanguage(stem)?.code;
    texts.push(language === undefined ? { name: stem, lines } : { name: stem, language, lines });
  }
  if (texts.length === 0) throw new InputError({ code: 'empty_directory', message: 'contains no text files; pass a directory of line-aligned files, one per language', location: { file: directory } });
  const expected = texts[0]!.lines.length;
  const mismatch = texts.find((text) => text.lines.length !== expected);
  if (mismatch) {
    throw new InputError({ code: 'not_parallel', message: `${mismatch.name} has ${mismatch.lines.length} lines but ${texts[0]!.name} has ${expected}; parallel files must be line-aligned`, location: { file: directory } });
  }
  return texts;
}
