import { describe, expect, it, vi } from 'vitest';
import { InputError, OellmError, UnknownLanguageError, UsageError } from '../src/index.js';

describe('errors', () => {
  it('carry a code, a kind, a cause and a located message', () => {
    const cause = new SyntaxError('Unexpected token');
    const error = new InputError({ code: 'invalid_json', message: 'not valid JSON; fix the line', location: { file: 'a.jsonl', line: 3 }, cause });
    expect(error.message).toBe('a.jsonl:3: not valid JSON; fix the line');
    expect(error.code).toBe('invalid_json');
    expect(error.kind).toBe('input');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
    expect(new InputError({ code: 'x', message: 'bad', location: { file: 'm.gguf', offset: 24 } }).message).toBe('m.gguf@24: bad');
  });

  it('are recognised by isInstance, and subclasses only by their own check', () => {
    const usage = new UsageError({ code: 'missing_option', message: '--out is required' });
    expect(OellmError.isInstance(usage)).toBe(true);
    expect(UsageError.isInstance(usage)).toBe(true);
    expect(InputError.isInstance(usage)).toBe(false);
    expect(OellmError.isInstance(new Error('plain'))).toBe(false);
    expect(OellmError.isInstance(null)).toBe(false);
    expect(OellmError.isInstance('oellm.error')).toBe(false);
  });

  it('isInstance works across two separately loaded copies of the package', async () => {
    vi.resetModules();
    const { UnknownLanguageError: SecondUnknown } = await import('../src/errors/unknown-language-error.js');
    expect(SecondUnknown).not.toBe(UnknownLanguageError);
    const fromSecondCopy = new SecondUnknown('xx', []);
    expect(fromSecondCopy instanceof UnknownLanguageError).toBe(false);
    expect(UnknownLanguageError.isInstance(fromSecondCopy)).toBe(true);
    expect(OellmError.isInstance(fromSecondCopy)).toBe(true);
  });
});
