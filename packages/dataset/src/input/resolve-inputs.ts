import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '@oellm/core';

/**
 * The reader a file needs, from its name.
 *
 * @example
 * ```ts
 * import type { InputFormat } from '@oellm/dataset';
 * const format: InputFormat = 'jsonl';
 * ```
 */
export type InputFormat = 'jsonl' | 'parquet' | 'arrow';

/**
 * The format a file name implies, or `undefined` for files that are not corpora.
 *
 * @example
 * ```ts
 * import { inputFormatOf } from '@oellm/dataset';
 * inputFormatOf('de_1.jsonl.zst'); // 'jsonl'
 * inputFormatOf('000.parquet');    // 'parquet'
 * ```
 */
export function inputFormatOf(path: string): InputFormat | undefined {
  const name = path.replace(/\.(gz|zst|zstd)$/i, '');
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  if (/\.parquet$/i.test(path)) return 'parquet';
  if (/\.(arrow|arrows|feather|ipc)$/i.test(path)) return 'arrow';
  return undefined;
}

/**
 * Expands inputs into an ordered list of corpus files: files as given, directories walked
 * recursively (names starting with `_` or `.` skipped: side files and partial writes), glob
 * patterns (`*`, `?`, `**`), and shard lists (`*_map.txt` or `*.txt`: one path per line,
 * relative to the list, `#` comments). Each group is sorted, so the order is deterministic.
 *
 * @throws InputError `file_not_found`, `no_inputs` or `unsupported_input`.
 * @example
 * ```ts
 * import { resolveInputs } from '@oellm/dataset';
 * const files = await resolveInputs(['hplt/mt_map.txt', 'fineweb2/**\/*.parquet', 'extra/']);
 * ```
 */
export async function resolveInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    if (/[*?]/.test(input)) {
      const matches = await expandGlob(input);
      if (matches.length === 0) throw new InputError({ code: 'file_not_found', message: 'the pattern matches no corpus file; check the path', location: { file: input } });
      files.push(...matches);
      continue;
    }
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      throw new InputError({ code: 'file_not_found', message: 'no such file or directory; check the path', location: { file: input }, cause: error });
    }
    if (info.isDirectory()) files.push(...(await walk(input)));
    else if (/\.txt$/i.test(input)) files.push(...(await readShardList(input)));
    else if (inputFormatOf(input) !== undefined) files.push(input);
    else throw new InputError({ code: 'unsupported_input', message: 'not a corpus file: expected .jsonl[.gz|.zst], .parquet, .arrow, a directory, a glob or a _map.txt shard list', location: { file: input } });
  }
  if (files.length === 0) throw new InputError({ code: 'no_inputs', message: 'the inputs contain no corpus files (.jsonl[.gz|.zst], .parquet, .arrow)', location: { file: inputs.join(' ') } });
  return files;
}

async function walk(directory: string): Promise<string[]> {
  const entries = (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('_') || entry.name.startsWith('.') || entry.name === 'manifest.json') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (inputFormatOf(entry.name) !== undefined) files.push(path);
  }
  return files;
}

async function readShardList(listPath: string): Promise<string[]> {
  const text = await readFile(listPath, 'utf8');
  const files: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^[a-z]+:\/\//i.test(line)) {
      throw new InputError({ code: 'remote_input', message: `"${line}" is a URL; download the shards first and list local paths (relative to the list)`, location: { file: listPath, line: index + 1 } });
    }
    const path = isAbsolute(line) ? line : join(dirname(listPath), line);
    try {
      await stat(path);
    } catch (error) {
      throw new InputError({ code: 'file_not_found', message: `listed shard ${path} does not exist`, location: { file: listPath, line: index + 1 }, cause: error });
    }
    files.push(path);
  }
  return files;
}

async function expandGlob(pattern: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const firstWildcard = parts.findIndex((part) => /[*?]/.test(part));
  const base = parts.slice(0, firstWildcard).join(sep) || (isAbsolute(pattern) ? sep : '.');
  const matcher = globToRegExp(parts.slice(firstWildcard).join('/'));
  const matches: string[] = [];
  const visit = async (directory: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (matcher.test(relative(resolve(base), resolve(path)).split(sep).join('/'))) matches.push(path);
    }
  };
  await visit(base);
  return matches;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const character = glob[index]!;
    if (character === '*' && glob[index + 1] === '*') {
      // `**/` matches any number of directories, including none.
      source += glob[index + 2] === '/' ? '(?:.*/)?' : '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (character === '*') source += '[^/]*';
    else if (character === '?') source += '[^/]';
    else source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
