import type { MetricV1 } from '@oellm/core';
import { requireThat, type ConformanceCheck } from './conformance-check.js';

/**
 * Options of {@link metricChecks}.
 *
 * @example
 * ```ts
 * import type { MetricCheckOptions } from '@oellm/conformance';
 * const options: MetricCheckOptions<number> = { items: [1, 0, 1, 1], expected: 0.75 };
 * ```
 */
export interface MetricCheckOptions<Item> {
  /** Per-sample items to aggregate (at least two). */
  items: Item[];
  /** The value the reference tool gives for `items`, when known. */
  expected?: number;
  /** Tolerance for `expected` and for order-independence. Default 1e-9 (relative). */
  tolerance?: number;
}

/**
 * The checks every `Metric` must pass: an lm-evaluation-harness style name, a finite aggregate that
 * does not depend on item order and leaves items untouched, a deterministic non-negative standard
 * error, and the reference value when one is given.
 *
 * @example
 * ```ts
 * import { metricChecks, runConformanceChecks } from '@oellm/conformance';
 * const results = await runConformanceChecks(metricChecks(myAccuracy, { items: [1, 0, 1], expected: 2 / 3 }));
 * ```
 */
export function metricChecks<Item>(metric: MetricV1<Item>, options: MetricCheckOptions<Item>): ConformanceCheck[] {
  const tolerance = options.tolerance ?? 1e-9;
  const close = (a: number, b: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
  const items = () => structuredClone(options.items);
  return [
    {
      name: 'declares specificationVersion "v1", a lower-case name and higherIsBetter',
      async run() {
        requireThat(metric.specificationVersion === 'v1', 'specificationVersion must be "v1"', { got: metric.specificationVersion });
        requireThat(typeof metric.name === 'string' && /^[a-z][a-z0-9_+]*$/.test(metric.name), 'name must be lower-case like lm-evaluation-harness names (acc, acc_norm, chrf++)', { got: metric.name });
        requireThat(typeof metric.higherIsBetter === 'boolean', 'higherIsBetter must be a boolean', { got: metric.higherIsBetter });
      },
    },
    {
      name: 'aggregates to a finite number that does not depend on item order',
      async run() {
        requireThat(options.items.length >= 2, 'give at least two items to check');
        const forward = metric.aggregate(items());
        const backward = metric.aggregate(items().reverse());
        requireThat(Number.isFinite(forward), 'aggregate must be finite', { got: forward });
        requireThat(close(forward, backward), 'aggregate must not depend on the order of items', { forward, backward });
        if (options.expected !== undefined) requireThat(close(forward, options.expected), 'aggregate must equal the reference value', { expected: options.expected, got: forward });
      },
    },
    {
      name: 'leaves its items unchanged',
      async run() {
        const given = items();
        const before = JSON.stringify(given);
        metric.aggregate(given);
        metric.standardError?.(given);
        requireThat(JSON.stringify(given) === before, 'aggregate and standardError must not modify the items');
      },
    },
    {
      name: 'gives a deterministic, non-negative standard error where it has one',
      async run() {
        if (!metric.standardError) return;
        const first = metric.standardError(items());
        const second = metric.standardError(items());
        if (first === undefined) return;
        requireThat(Number.isFinite(first) && first >= 0, 'standardError must be a finite number ≥ 0', { got: first });
        requireThat(first === second, 'standardError must be deterministic (seed any resampling)', { first, second });
      },
    },
  ];
}
