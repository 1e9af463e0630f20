// float32 probabilities that underflow to 0 are floored at the smallest float32 subnormal.
const smallestProbability = 2 ** -149;

/**
 * KL(P ‖ Q) = Σ p · ln(p / q) in nats between two next-token distributions of one position.
 *
 * @example
 * ```ts
 * klDivergence(Float32Array.of(0.5, 0.5), Float32Array.of(0.9, 0.1)); // 0.5108…
 * ```
 */
export function klDivergence(reference: Float32Array, other: Float32Array): number {
  let total = 0;
  for (let index = 0; index < reference.length; index++) {
    const p = reference[index]!;
    if (p <= 0) continue;
    total += p * Math.log(p / Math.max(other[index]!, smallestProbability));
  }
  // Rounding in float32 probabilities can make identical distributions give -1e-9.
  return Math.max(0, total);
}
