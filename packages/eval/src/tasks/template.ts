import { InputError } from '@oellm/core';

/** Where a template is used, for error messages: the task file, the field and the document. */
export interface TemplateLocation {
  file?: string;
  field: string;
  documentId?: string;
}

const pathPattern = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;

/**
 * Reads a dotted path such as `choices.text[2]` from a document.
 *
 * @example
 * ```ts
 * readPath({ choices: { text: ['a', 'b'] } }, 'choices.text[1]'); // 'b'
 * ```
 */
export function readPath(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || value === undefined) return undefined;
    value = Array.isArray(value) && /^\d+$/.test(part) ? value[Number(part)] : (value as Record<string, unknown>)[part];
  }
  return value;
}

function fail(location: TemplateLocation, message: string): never {
  const documentText = location.documentId === undefined ? '' : ` (document ${location.documentId})`;
  throw new InputError({ code: 'template_error', message: `${message}${documentText}; fix the task's "${location.field}"`, location: { file: location.file, field: location.field } });
}

/**
 * Renders a template with `{{ path }}` placeholders (the subset of lm-evaluation-harness's Jinja
 * templates that data tasks need: document fields by dotted path, with array indexes). A missing
 * field is an error naming the template's field and the document.
 *
 * @example
 * ```ts
 * renderTemplate('Question: {{question}}\nAnswer:', { question: 'Kif inti?' }, { field: 'doc_to_text' });
 * // 'Question: Kif inti?\nAnswer:'
 * ```
 */
export function renderTemplate(template: string, document: unknown, location: TemplateLocation): string {
  return template.replace(/\{\{([\s\S]*?)\}\}/g, (_, inner: string) => {
    const path = inner.trim();
    if (!pathPattern.test(path)) fail(location, `"{{${inner}}}" is not a field path (write {{field}}, {{a.b}} or {{list[0]}})`);
    const value = readPath(document, path);
    if (value === undefined || value === null) fail(location, `the document has no field "${path}"`);
    if (typeof value === 'object') fail(location, `field "${path}" is not text but ${Array.isArray(value) ? 'a list' : 'an object'}`);
    return String(value);
  });
}

/**
 * lm-eval's rule for `doc_to_choice` / `doc_to_target`: a bare name of a document field gives that
 * field's value as is (a list, a number); anything else renders as a template.
 *
 * @example
 * ```ts
 * resolveField('choices', { choices: ['A', 'B'] }, { field: 'doc_to_choice' }); // ['A', 'B']
 * ```
 */
export function resolveField(specification: string, document: unknown, location: TemplateLocation): unknown {
  if (pathPattern.test(specification.trim())) {
    const value = readPath(document, specification.trim());
    if (value !== undefined) return value;
    fail(location, `the document has no field "${specification.trim()}"`);
  }
  return renderTemplate(specification, document, location);
}
