import { describe, expect, it } from 'vitest';
import { selectHighestLosses } from '../src/training/unigram-trainer.js';

// A small deterministic generator, so the random cases are the same on every run.
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('pruning keeps the candidates of highest loss', () => {
  it('selects what sorting by (loss descending, index) and taking the first `room` selects, ties included', () => {
    const random = generator(17);
    for (let round = 0; round < 200; round++) {
      const count = 1 + Math.floor(random() * 60);
      // Few distinct values (and both zeros), so ties at the cut are common.
      const values = [-0, 0, 0.5, 1, -2, 3.25];
      const loss = Float64Array.from({ length: count }, () => values[Math.floor(random() * values.length)]!);
      const candidate = Int16Array.from({ length: count }, () => (random() < 0.7 ? 1 : random() < 0.5 ? 0 : -1));
      // Pieces pruning keeps or drops whatever their loss are marked by infinite losses.
      for (let index = 0; index < count; index++) if (candidate[index]! <= 0) loss[index] = candidate[index] === 0 ? Infinity : -Infinity;
      const room = Math.floor(random() * (count + 3)) - 1;
      // The definition, as spm's pruning does it: sort candidates by loss (descending), then index.
      const sorted = [...Array(count).keys()].filter((index) => candidate[index]! > 0).sort((left, right) => loss[right]! - loss[left]! || left - right);
      const expected = sorted.slice(0, Math.max(0, room)).sort((left, right) => left - right);
      const selected: number[] = [];
      const taken = selectHighestLosses(loss, count, room, new Float64Array(count), (index) => selected.push(index));
      expect(selected.sort((left, right) => left - right)).toEqual(expected);
      expect(taken).toBe(expected.length);
    }
  });
});
