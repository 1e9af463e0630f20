// MT19937 and CPython's random.Random, checked against the generator's definition
// (mt19937ar.out published with mt19937ar.c; C++'s [rand.predef] value for std::mt19937) and
// against CPython 3.11's own random module (fixtures/python-random.json, made by python-random.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPythonRandom, MersenneTwister } from '../src/tasks/python-random.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/python-random.json', import.meta.url), 'utf8')) as {
  random: Record<string, number[]>;
  samples: { seed: number; size: number; draws: { count: number; indices: number[] }[] }[];
};

describe('MersenneTwister (MT19937)', () => {
  it('gives mt19937ar.out for init_by_array({0x123, 0x234, 0x345, 0x456})', () => {
    const twister = MersenneTwister.fromKey([0x123, 0x234, 0x345, 0x456]);
    const first = Array.from({ length: 10 }, () => twister.nextUint32());
    expect(first).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476, 3344332714, 3355579695, 227628506, 810200273, 2591290167]);
  });

  it('gives 3499211612 first and 4123659995 as the 10000th output for init_genrand(5489), as std::mt19937', () => {
    const twister = MersenneTwister.fromSeed(5489);
    expect(twister.nextUint32()).toBe(3499211612);
    let value = 0;
    for (let index = 2; index <= 10_000; index++) value = twister.nextUint32();
    expect(value).toBe(4123659995);
  });
});

describe('createPythonRandom (CPython random.Random)', () => {
  it('random() for seeds 42 and 1234 equals the widely published values', () => {
    expect(createPythonRandom(42).random()).toBe(0.6394267984578837);
    expect(createPythonRandom(1234).random()).toBe(0.9664535356921388);
  });

  it.each(Object.entries(fixture.random))('seed %s: random() and getrandbits equal CPython', (seed, expected) => {
    const random = createPythonRandom(Number(seed));
    expect([random.random(), random.random(), random.random(), random.getrandbits(7), random.getrandbits(32)]).toEqual(expected);
  });

  it.each(fixture.samples.map((entry) => [entry.seed, entry.size, entry]))('seed %s, population %s: successive sample() calls equal CPython (pool and set strategies)', (_seed, _size, entry) => {
    const random = createPythonRandom(entry.seed);
    const population = Array.from({ length: entry.size }, (_, index) => index);
    for (const draw of entry.draws) expect(random.sample(population, draw.count)).toEqual(draw.indices);
  });

  it('refuses a sample larger than the population, as Python does', () => {
    expect(() => createPythonRandom(1).sample([1, 2], 3)).toThrow(/Sample larger than population/);
  });
});
