import { describe, expect, it } from 'vitest';
import { formatIdLines } from '../src/index.js';

// spm_encode --output_format=id prints each line's ids in decimal, separated by single spaces;
// the expected text here is built with String() and join() from that definition.
describe('formatIdLines', () => {
  it('writes the decimal ids of each document on its own line, through the digit table and past it', () => {
    const documents = [[0, 9, 10, 99, 100, 12345, 99999, 100000, 131071], [131072, 999999, 4294967295], [], [7]];
    const random = Array.from({ length: 2000 }, (_, index) => Math.floor(((index * 2654435761) % 2 ** 32) / 2 ** (index % 32)));
    documents.push(random);
    const offsets = Int32Array.from([0, ...documents.map((_, index) => documents.slice(0, index + 1).flat().length)]);
    const text = new TextDecoder().decode(formatIdLines({ ids: Uint32Array.from(documents.flat()), offsets }));
    expect(text).toBe(documents.map((ids) => `${ids.map(String).join(' ')}\n`).join(''));
  });
});

describe('formatIdLines into a reused buffer', () => {
  it('writes into the given buffer when it is large enough and into a new one when it is not, with the same text', () => {
    const chunk = { ids: Uint32Array.of(3, 141592, 65, 35, 8979), offsets: Int32Array.of(0, 2, 2, 5) };
    const expected = '3 141592\n\n65 35 8979\n';
    const large = new Uint8Array(4096).fill(0x78);
    const intoLarge = formatIdLines(chunk, large);
    expect(intoLarge.buffer).toBe(large.buffer);
    expect(new TextDecoder().decode(intoLarge)).toBe(expected);
    const small = new Uint8Array(4);
    const intoNew = formatIdLines(chunk, small);
    expect(intoNew.buffer).not.toBe(small.buffer);
    expect(new TextDecoder().decode(intoNew)).toBe(expected);
    // A reused buffer's earlier text does not leak into a shorter result.
    expect(new TextDecoder().decode(formatIdLines({ ids: Uint32Array.of(1), offsets: Int32Array.of(0, 1) }, large))).toBe('1\n');
  });
});
