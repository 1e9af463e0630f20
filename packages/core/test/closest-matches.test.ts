import { describe, expect, it } from 'vitest';
import { closestMatches } from '../src/index.js';
import { editDistance } from '../src/text/edit-distance.js';

describe('closestMatches', () => {
  it('uses Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });

  it('suggests typos, best first, and nothing for unrelated words', () => {
    expect(closestMatches('langauges', ['languages', 'data', 'tokenizer'])).toEqual(['languages']);
    expect(closestMatches('DATA', ['data', 'date', 'eval'])).toEqual(['data', 'date']);
    expect(closestMatches('quantize', ['eval', 'data'])).toEqual([]);
  });
});
