/**
 * Formats like Python's `f"{value:.{digits}f}"`: correctly rounded, ties to even on the exact
 * binary value (JavaScript's `toFixed` rounds exact ties away from zero).
 *
 * @example
 * ```ts
 * formatFixed(0.125, 2); // '0.12' (as Python), where (0.125).toFixed(2) is '0.13'
 * ```
 */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const fixed = value.toFixed(digits);
  // Only an exact binary tie can differ; detect it by scaling exactly (powers of two scale exactly,
  // and a tie needs value * 10^digits to end in .5, checked with exact arithmetic below).
  const scaled = value * 10 ** digits;
  const floor = Math.floor(scaled);
  if (scaled - floor !== 0.5 || !Number.isSafeInteger(floor * 2 + 1)) return fixed;
  if ((floor * 2 + 1) / 2 / 10 ** digits !== value) return fixed;
  // Exact tie: round to the even neighbour.
  const even = floor % 2 === 0 ? floor : floor + 1;
  return (even / 10 ** digits).toFixed(digits);
}
