import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodePair, makeDisjointWindow, moveTrailingWhitespace, rollingTokenWindows } from '../src/index.js';

// lm-evaluation-harness's own expected windows (see the fixture's `source`).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/lm-eval-rolling-windows.json', import.meta.url), 'utf8')) as {
  cases: { name: string; tokenCount: number; prefixToken: number; maxSequenceLength: number; contextLength: number; windows: [number[], number[]][] }[];
};

describe('rolling token windows (lm-eval tests/test_utils.py)', () => {
  it.each(fixture.cases)('$name', ({ tokenCount, prefixToken, maxSequenceLength, contextLength, windows }) => {
    const tokens = Array.from({ length: tokenCount }, (_, index) => index);
    const actual = rollingTokenWindows(tokens, prefixToken, maxSequenceLength, contextLength);
    expect(actual.map((window) => [window.context, window.continuation])).toEqual(windows);
    // Every token predicted exactly once.
    expect(actual.flatMap((window) => window.continuation)).toEqual(tokens);
  });

  it('test_make_disjoint_window', () => {
    expect(makeDisjointWindow({ context: [1, 2, 3, 4, 5], continuation: [2, 3, 4, 5, 6] })).toEqual({ context: [1], continuation: [2, 3, 4, 5, 6] });
    expect(makeDisjointWindow({ context: [1, 2, 3, 4, 5], continuation: [4, 5, 6] })).toEqual({ context: [1, 2, 3], continuation: [4, 5, 6] });
    expect(makeDisjointWindow({ context: [1, 2, 3, 4, 5], continuation: [6] })).toEqual({ context: [1, 2, 3, 4, 5], continuation: [6] });
  });
});

describe('context and continuation encoding (lm-eval _encode_pair / loglikelihood)', () => {
  it('moves trailing whitespace of the context onto the continuation', () => {
    expect(moveTrailingWhitespace('Answer: ', 'Paris')).toEqual({ context: 'Answer:', continuation: ' Paris' });
    expect(moveTrailingWhitespace('Answer:\n\n', 'B')).toEqual({ context: 'Answer:', continuation: '\n\nB' });
    expect(moveTrailingWhitespace('Answer:', ' B')).toEqual({ context: 'Answer:', continuation: ' B' });
  });

  // A toy tokenizer: one token per character code, BOS = 1 when asked.
  const encode = (text: string, withPrefix: boolean) => [...(withPrefix ? [1] : []), ...Array.from(text, (character) => character.codePointAt(0)!)];

  it('takes continuation tokens from the whole encoding past the context', () => {
    expect(encodePair('ab ', 'c', encode, 1)).toEqual({ contextTokens: [1, 97, 98], continuationTokens: [32, 99] });
  });

  it('conditions an empty context on the prefix token', () => {
    expect(encodePair('', 'ab', encode, 1)).toEqual({ contextTokens: [1], continuationTokens: [97, 98] });
  });
});
