import { InputError } from '@oellm/core';

const stateSize = 624;
const shift = 397;
const upperMask = 0x80000000;
const lowerMask = 0x7fffffff;
const matrixA = 0x9908b0df;

/**
 * MT19937, the Mersenne Twister of Matsumoto and Nishimura (mt19937ar.c, 2002), which CPython's
 * `random` module runs. Seeded with `init_genrand` (one 32-bit number, as C++'s `std::mt19937`)
 * or `init_by_array` (a key of 32-bit words, as CPython seeds from an integer).
 *
 * @example
 * ```ts
 * const twister = MersenneTwister.fromKey([0x123, 0x234, 0x345, 0x456]);
 * twister.nextUint32(); // 1067595299, the first value of mt19937ar.out
 * ```
 */
export class MersenneTwister {
  private readonly state = new Uint32Array(stateSize);
  private index = stateSize + 1;

  /** `init_genrand(seed)`. */
  static fromSeed(seed: number): MersenneTwister {
    const twister = new MersenneTwister();
    twister.initialize(seed >>> 0);
    return twister;
  }

  /** `init_by_array(key)`: every word must be an integer in 0..2^32-1. */
  static fromKey(key: readonly number[]): MersenneTwister {
    const twister = new MersenneTwister();
    const state = twister.state;
    twister.initialize(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(stateSize, key.length); k > 0; k--) {
      const previous = state[i - 1]! ^ (state[i - 1]! >>> 30);
      // (previous * 1664525) mod 2^32 split into 16-bit halves so no product exceeds 2^53.
      state[i] = (state[i]! ^ (((((previous & 0xffff0000) >>> 16) * 1664525) << 16) + (previous & 0x0000ffff) * 1664525)) + key[j]! + j;
      i++;
      j++;
      if (i >= stateSize) {
        state[0] = state[stateSize - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = stateSize - 1; k > 0; k--) {
      const previous = state[i - 1]! ^ (state[i - 1]! >>> 30);
      state[i] = (state[i]! ^ (((((previous & 0xffff0000) >>> 16) * 1566083941) << 16) + (previous & 0x0000ffff) * 1566083941)) - i;
      i++;
      if (i >= stateSize) {
        state[0] = state[stateSize - 1]!;
        i = 1;
      }
    }
    state[0] = 0x80000000;
    return twister;
  }

  private initialize(seed: number): void {
    const state = this.state;
    state[0] = seed;
    for (let i = 1; i < stateSize; i++) {
      const previous = state[i - 1]! ^ (state[i - 1]! >>> 30);
      state[i] = ((((previous & 0xffff0000) >>> 16) * 1812433253) << 16) + (previous & 0x0000ffff) * 1812433253 + i;
    }
    this.index = stateSize;
  }

  private twist(): void {
    const state = this.state;
    for (let k = 0; k < stateSize; k++) {
      const y = (state[k]! & upperMask) | (state[(k + 1) % stateSize]! & lowerMask);
      state[k] = state[(k + shift) % stateSize]! ^ (y >>> 1) ^ (y & 1 ? matrixA : 0);
    }
    this.index = 0;
  }

  /** `genrand_int32()`: the next tempered 32-bit output. */
  nextUint32(): number {
    if (this.index >= stateSize) this.twist();
    let y = this.state[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/**
 * CPython's `random.Random(seed)` for a non-negative integer seed, bit for bit: the seed's absolute
 * value split into 32-bit words (least significant first) is the `init_by_array` key, and
 * `random()`, `getrandbits(k ≤ 32)`, `_randbelow` and `sample` consume the generator exactly as
 * CPython 3 does. lm-evaluation-harness draws few-shot examples with `random.Random(1234).sample`,
 * so this gives the very same examples.
 *
 * @example
 * ```ts
 * const random = createPythonRandom(1234);
 * random.random(); // 0.9664535356921388, as Python's random.Random(1234).random()
 * ```
 */
export function createPythonRandom(seed: number) {
  if (!Number.isSafeInteger(seed)) throw new InputError({ code: 'invalid_seed', message: `seed ${seed} must be an integer within ±2^53` });
  let magnitude = Math.abs(seed);
  const key: number[] = [];
  do {
    key.push(magnitude % 0x100000000);
    magnitude = Math.floor(magnitude / 0x100000000);
  } while (magnitude > 0);
  const twister = MersenneTwister.fromKey(key);

  function getrandbits(bits: number): number {
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new RangeError(`getrandbits(${bits}): only 0..32 bits are implemented`);
    if (bits === 0) return 0;
    return twister.nextUint32() >>> (32 - bits);
  }

  /** `_randbelow_with_getrandbits(n)`: rejection sampling on `n.bit_length()` bits. */
  function randbelow(n: number): number {
    const bits = 32 - Math.clz32(n);
    let value = getrandbits(bits);
    while (value >= n) value = getrandbits(bits);
    return value;
  }

  return {
    getrandbits,
    randbelow,
    /** `random()`: 53 random bits from two outputs, in [0, 1). */
    random(): number {
      const high = twister.nextUint32() >>> 5;
      const low = twister.nextUint32() >>> 6;
      return (high * 67108864 + low) / 9007199254740992;
    },
    /** `sample(population, k)`: k distinct elements in selection order (CPython's two strategies). */
    sample<Item>(population: readonly Item[], count: number): Item[] {
      const size = population.length;
      if (!Number.isInteger(count) || count < 0 || count > size) throw new RangeError(`sample of ${count} from a population of ${size}: Sample larger than population or is negative`);
      if (size >= 2 ** 32) throw new RangeError('populations of 2^32 or more items are not implemented');
      const result: Item[] = [];
      // CPython: a pool copy for small populations, a set of taken indices otherwise.
      let setSize = 21;
      if (count > 5) setSize += 4 ** Math.ceil(Math.log(count * 3) / Math.log(4));
      if (size <= setSize) {
        const pool = population.slice();
        for (let i = 0; i < count; i++) {
          const j = randbelow(size - i);
          result.push(pool[j]!);
          pool[j] = pool[size - i - 1]!;
        }
      } else {
        const selected = new Set<number>();
        for (let i = 0; i < count; i++) {
          let j = randbelow(size);
          while (selected.has(j)) j = randbelow(size);
          selected.add(j);
          result.push(population[j]!);
        }
      }
      return result;
    },
  };
}

/** A CPython-compatible generator, as returned by {@link createPythonRandom}. */
export type PythonRandom = ReturnType<typeof createPythonRandom>;
