import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Normalizer, readModelFile } from '../src/index.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { spmNormalize, temporaryDirectory } from './helpers/reference-tools.js';

// The normaliser copies characters that no rule starts with without looking rules up (by lead
// byte, and by code point for two- and three-byte characters). spm_normalize (Debian
// sentencepiece 0.1.97) is the judge, on every code point below U+10000 alone and followed by
// combining marks that rules compose with (U+0301, U+0308, U+3099, U+309A), for models with the
// nmt_nfkc, nmt_nfkc_cf and nfkc rules.

let models: Map<string, string>;
let directory: string;

/** Every code point of the Basic Multilingual Plane except surrogates, controls and spaces spm strips, in lines of 64. */
function everyCharacterLines(follower: string): string[] {
  const lines: string[] = [];
  let line = '';
  let count = 0;
  for (let codePoint = 0x21; codePoint < 0x10000; codePoint++) {
    if ((codePoint >= 0xd800 && codePoint < 0xe000) || (codePoint >= 0x7f && codePoint < 0xa0) || codePoint === 0x2028 || codePoint === 0x2029 || codePoint === 0x85) continue;
    line += `${String.fromCodePoint(codePoint)}${follower} `;
    if (++count % 64 === 0) {
      lines.push(line);
      line = '';
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

beforeAll(() => {
  models = trainReferenceModels();
  directory = temporaryDirectory('normalizer-fast-paths');
}, 120_000);

describe('the normaliser on every character below U+10000 gives what spm_normalize prints', () => {
  it.each(['unigram-nmt-nfkc', 'unigram-nfkc-cf-raw-whitespace', 'bpe-nfkc-suffix-whitespace'])('%s', async (name) => {
    const model = models.get(name)!;
    const spec = (await readModelFile(model)).normalizerSpec ?? {};
    const normalizer = new Normalizer({ ...spec, addDummyPrefix: false, escapeWhitespaces: false });
    for (const [index, follower] of ['', '\u0301', '\u0308', '\u3099', '\u309a'].entries()) {
      const lines = everyCharacterLines(follower);
      const file = join(directory, `${name}-${index}.txt`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const expected = spmNormalize(model, file, [`--remove_extra_whitespaces=${spec.removeExtraWhitespaces ?? true}`]);
      expect(expected).toHaveLength(lines.length);
      const got = lines.map((line) => new TextDecoder().decode(normalizer.normalize(new TextEncoder().encode(line))));
      const first = got.findIndex((text, line) => text !== expected[line]);
      expect(first === -1 ? undefined : { follower, line: first, text: lines[first], expected: expected[first], got: got[first] }).toBeUndefined();
    }
  }, 120_000);
});
