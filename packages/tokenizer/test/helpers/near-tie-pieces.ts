import { PieceType, type SentencePiece } from '../../src/index.js';

/** A small seeded linear congruential generator, so a failing case can be reproduced from its seed. */
export function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Every string of 1–3 letters over a, b, c, plus ▁ and ▁ before the 1–2 letter ones, each scored a
 * few tenths apart (from `seed`), so that Viterbi path sums nearly tie: the case where spm's
 * float32 arithmetic decides and a per-word cache or a second Viterbi could differ.
 */
export function nearTiePieces(seed: number): SentencePiece[] {
  const random = randomGenerator(seed);
  const strings: string[] = [];
  const grow = (prefix: string): void => {
    if (prefix.length > 0) strings.push(prefix);
    if (prefix.length < 3) for (const letter of ['a', 'b', 'c']) grow(prefix + letter);
  };
  grow('');
  const pieces = ['▁', ...strings, ...strings.filter((text) => text.length < 3).map((text) => `▁${text}`)];
  return pieces.map((piece) => ({ piece, score: -(5 + Math.floor(random() * 30)) / 10, type: PieceType.normal }));
}
