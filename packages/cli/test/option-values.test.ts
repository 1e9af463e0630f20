import { UsageError } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { choiceOption, integerOption, listOption, requiredStringOptions, stringOption } from '../src/option-values.js';

const parsed = (values: Record<string, string | boolean>) => ({ values, positionals: [] });

function usageMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(UsageError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('option values', () => {
  it('reads strings and lists, dropping blank list items', () => {
    expect(stringOption(parsed({ out: 'dir' }), 'out')).toBe('dir');
    expect(stringOption(parsed({ json: true }), 'json')).toBeUndefined();
    expect(listOption(parsed({ tasks: ' a, ,b ' }), 'tasks')).toEqual(['a', 'b']);
    expect(listOption(parsed({}), 'tasks')).toEqual([]);
  });

  it('names every missing required option and the command to ask for help', () => {
    expect(usageMessage(() => requiredStringOptions(parsed({ model: 'm' }), ['model', 'tasks', 'out'], 'oellm eval'))).toBe('--tasks and --out are required. Run `oellm eval --help`.');
    expect(usageMessage(() => requiredStringOptions(parsed({ out: '' }), ['out'], 'oellm data ingest'))).toBe('--out is required. Run `oellm data ingest --help`.');
    expect(requiredStringOptions(parsed({ model: 'm', out: 'o' }), ['model', 'out'], 'oellm eval')).toEqual({ model: 'm', out: 'o' });
  });

  it('accepts whole numbers in range only', () => {
    expect(integerOption(parsed({ limit: '7' }), 'limit', { minimum: 1 })).toBe(7);
    expect(integerOption(parsed({}), 'limit', { minimum: 1 })).toBeUndefined();
    expect(integerOption(parsed({}), 'limit', { minimum: 1 }, 5)).toBe(5);
    expect(integerOption(parsed({ threads: '0' }), 'threads', { minimum: 0 })).toBe(0);
    for (const text of ['0', '-1', '1.5', 'ten', '', '1e400']) {
      expect(usageMessage(() => integerOption(parsed({ limit: text }), 'limit', { minimum: 1 }))).toBe(`--limit ${text}: expected a whole number ≥ 1`);
    }
    expect(usageMessage(() => integerOption(parsed({ 'zstd-level': '23' }), 'zstd-level', { minimum: 1, maximum: 22 }))).toBe('--zstd-level 23: expected a whole number from 1 to 22');
  });

  it('accepts only listed choices', () => {
    expect(choiceOption(parsed({}), 'format', ['parquet', 'arrow'], 'parquet')).toBe('parquet');
    expect(choiceOption(parsed({ format: 'arrow' }), 'format', ['parquet', 'arrow'], 'parquet')).toBe('arrow');
    expect(usageMessage(() => choiceOption(parsed({ format: 'csv' }), 'format', ['parquet', 'arrow'], 'parquet'))).toBe('--format csv: expected parquet or arrow');
    expect(usageMessage(() => listOption(parsed({ filters: 'quality,spam' }), 'filters', ['quality', 'pii']))).toBe("--filters: 'spam' is not one of quality or pii");
  });
});

describe('commands report option mistakes with exit code 2 and the command to ask', () => {
  it.each([
    [['tokenizer', 'train', '--input', 'corpus.txt', '--out', 'out/model'], '--vocab-size is required. Run `oellm tokenizer train --help`.'],
    [['tokenizer', 'train', '--input', 'corpus.txt', '--out', 'm', '--vocab-size', '8000', '--shrinking-factor', '1'], '--shrinking-factor 1: expected a number strictly between 0 and 1'],
    [['tokenizer', 'train', '--input', 'corpus.txt', '--out', 'm', '--vocab-size', '8000', '--model-type', 'wordpiece'], '--model-type wordpiece: expected unigram or bpe'],
    [['tokenizer', 'train', '--input', 'corpus.txt', '--out', 'm', '--vocab-size', '8000', '--add-dummy-prefix', 'yes'], '--add-dummy-prefix yes: expected true or false'],
    [['tokenizer', 'encode', '--model', 'm.model', '--input', 'x.txt'], '--out is required. Run `oellm tokenizer encode --help`.'],
    [['quantize', '--input', 'm.gguf', '--out', 'q.gguf', '--type', 'Q8_0', '--threads=-1'], '--threads -1: expected a whole number ≥ 0'],
    [['eval', 'score', '--metric', 'ter', '--hypotheses', 'h.txt', '--references', 'r.txt'], '--metric ter: expected bleu, chrf or chrf++'],
  ])('oellm %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
