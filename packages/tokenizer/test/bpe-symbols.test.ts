import { describe, expect, it } from 'vitest';
import { BpeSymbols } from '../src/training/bpe-symbols.js';

describe('BpeSymbols', () => {
  it('finds a merged string whichever pair made it, and only merged strings', () => {
    const symbols = new BpeSymbols();
    const [a, b, c, emoji] = [...'abc😀'].map((character) => symbols.ofCharacter(character.codePointAt(0)!)) as [number, number, number, number];
    expect(symbols.ofCharacter('a'.codePointAt(0)!)).toBe(a);
    expect(symbols.findConcatenation(a, b)).toBe(-1);
    const ab = symbols.addConcatenation(a, b);
    const bc = symbols.addConcatenation(b, c);
    expect(symbols.findConcatenation(a, b)).toBe(ab);
    const abc = symbols.addConcatenation(ab, c);
    // "a" + "bc" is the string "ab" + "c" made: found, so the trainer refuses it (spm's dup).
    expect(symbols.findConcatenation(a, bc)).toBe(abc);
    expect(symbols.findConcatenation(c, a)).toBe(-1);
    expect([ab, bc, abc].map((symbol) => symbols.text(symbol))).toEqual(['ab', 'bc', 'abc']);
    expect(symbols.characterLength[abc]).toBe(3);
    const target = [0, 0, 0, 0];
    symbols.copyCodePoints(abc, target, 1);
    expect(target).toEqual([0, 0x61, 0x62, 0x63]);
    const withEmoji = symbols.addConcatenation(emoji, abc);
    expect(symbols.text(withEmoji)).toBe('😀abc');
    expect(symbols.findConcatenation(emoji, abc)).toBe(withEmoji);
  });

  it('keeps finding every merged string as its index grows', () => {
    const symbols = new BpeSymbols();
    const letters = [...'abcdefghijklmnopqrstuvwxyz'].map((character) => symbols.ofCharacter(character.codePointAt(0)!));
    const made = new Map<string, number>();
    for (const left of letters) for (const right of letters) made.set(symbols.text(left) + symbols.text(right), symbols.addConcatenation(left, right));
    expect(symbols.size).toBe(26 + 26 * 26);
    for (const left of letters) for (const right of letters) expect(symbols.findConcatenation(left, right)).toBe(made.get(symbols.text(left) + symbols.text(right)));
  });

  it('compares concatenations bytewise (UTF-8), a prefix first', () => {
    const symbols = new BpeSymbols();
    const [a, b, umlaut, z] = [...'abäz'].map((character) => symbols.ofCharacter(character.codePointAt(0)!)) as [number, number, number, number];
    expect(symbols.compareConcatenations(a, b, a, z)).toBeLessThan(0);
    expect(symbols.compareConcatenations(a, umlaut, a, z)).toBeGreaterThan(0); // 0xC3 > 0x7A
    const ab = symbols.addConcatenation(a, b);
    expect(symbols.compareConcatenations(ab, z, a, b)).toBeGreaterThan(0);
    expect(symbols.compareConcatenations(a, b, ab, z)).toBeLessThan(0);
  });
});
