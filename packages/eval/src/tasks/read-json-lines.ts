import { readFile } from 'node:fs/promises';
import { InputError } from '@oellm/core';

/**
 * Reads a JSONL file of objects (task documents). A line that is not a JSON object is an
 * InputError naming the file and line; blank lines are skipped.
 *
 * @example
 * ```ts
 * const documents = await readJsonLines('belebele/mlt_Latn.jsonl');
 * ```
 */
export async function readJsonLines(path: string): Promise<Record<string, unknown>[]> {
  const content = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new InputError({ code: 'missing_file', message: 'cannot read the task documents; check the task\'s "dataset.path"', location: { file: path }, cause });
  });
  const documents: Record<string, unknown>[] = [];
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new InputError({ code: 'invalid_json', message: 'is not valid JSON; fix or remove the line', location: { file: path, line: index + 1 }, cause });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError({ code: 'invalid_document', message: 'is not a JSON object; each line must be one document', location: { file: path, line: index + 1 } });
    }
    documents.push(value as Record<string, unknown>);
  }
  return documents;
}
