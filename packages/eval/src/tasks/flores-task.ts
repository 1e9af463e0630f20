import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getLanguage, InputError } from '@oellm/core';
import { createParallelTextTask } from './parallel-text-task.js';

/**
 * Parallel-text likelihood on FLORES-200-style line-aligned files: `<directory>/<flores200 code>.<split>`
 * (for example `mlt_Latn.dev`), one sentence a line. Reports per-language bits per byte, byte and
 * word perplexity; document ids are `flores-<language>-<line>`.
 *
 * @example
 * ```ts
 * import { createFloresTask } from '@oellm/eval';
 * const task = createFloresTask({ directory: 'flores200-dev', languages: ['mt', 'ga'] });
 * ```
 */
export function createFloresTask(options: { directory: string; languages: readonly string[]; split?: string; name?: string }) {
  const split = options.split ?? 'dev';
  return createParallelTextTask({
    name: options.name ?? 'flores-likelihood',
    version: '1',
    languages: options.languages.map((language) => getLanguage(language).code),
    async documents(language) {
      const flores = getLanguage(language).flores200;
      if (!flores) throw new InputError({ code: 'unsupported_language', message: `language "${language}" has no FLORES-200 code` });
      const path = join(options.directory, `${flores}.${split}`);
      const content = await readFile(path, 'utf8').catch((cause: unknown) => {
        throw new InputError({ code: 'missing_file', message: `cannot read the ${split} file for ${language}; expected one sentence a line`, location: { file: path }, cause });
      });
      const lines = content.split('\n');
      if (lines.at(-1) === '') lines.pop();
      return lines.map((text, index) => ({ id: `flores-${language}-${index + 1}`, text }));
    },
  });
}
