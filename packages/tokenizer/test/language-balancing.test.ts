import { describe, expect, it } from 'vitest';
import { balanceLanguages, temperatureSamplingProbabilities } from '../src/index.js';

describe('temperatureSamplingProbabilities', () => {
  it('is p ∝ n^alpha: proportional at alpha 1, uniform at alpha 0', () => {
    expect(temperatureSamplingProbabilities({ en: 900, mt: 100 }, 1)).toEqual({ en: 0.9, mt: 0.1 });
    expect(temperatureSamplingProbabilities({ en: 900, mt: 100 }, 0)).toEqual({ en: 0.5, mt: 0.5 });
    const half = temperatureSamplingProbabilities({ en: 900, mt: 100 }, 0.5);
    expect(half.en).toBeCloseTo(30 / 40, 12); // sqrt(900) / (sqrt(900) + sqrt(100))
    expect(() => temperatureSamplingProbabilities({ en: 1 }, 2)).toThrow(RangeError);
  });
});

describe('balanceLanguages', () => {
  const english = Array.from({ length: 900 }, (_, index) => `en ${index}`);
  const maltese = Array.from({ length: 100 }, (_, index) => `mt ${index}`);

  it('resamples to the temperature proportions, keeping the total, deterministically', () => {
    const balanced = balanceLanguages({ en: english, mt: maltese }, { alpha: 0.5 });
    expect(balanced).toHaveLength(1000);
    expect(balanced.filter((line) => line.startsWith('en')).length).toBe(750);
    expect(balanced.filter((line) => line.startsWith('mt')).length).toBe(250);
    // Maltese is repeated twice in full, then 50 distinct lines.
    expect(new Set(balanced.filter((line) => line.startsWith('mt'))).size).toBe(100);
    expect(new Set(balanced.filter((line) => line.startsWith('en'))).size).toBe(750);
    expect(balanceLanguages({ en: english, mt: maltese }, { alpha: 0.5 })).toEqual(balanced);
  });
});
