import { defineConfig } from 'vitest/config';

// Tests import workspace packages through the `@oellm/source` export condition, so they run
// against `src/` without a build first (as TanStack Query does with its custom condition).
const conditions = ['@oellm/source', 'node', 'import', 'module', 'default'];

/** The vitest configuration every package shares. */
export function definePackageTests(overrides: { testTimeout?: number; include?: string[] } = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      include: overrides.include ?? ['test/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 60_000,
      pool: 'forks',
    },
  });
}
