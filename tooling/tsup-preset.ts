import { defineConfig, type Options } from 'tsup';

/**
 * The one build every oellm package uses: ESM + CommonJS + type declarations for both,
 * Node 20 target, source maps. `entry` maps output names to sources (`index` → `src/index.ts`).
 */
export function definePackageBuild(entry: Record<string, string> = { index: 'src/index.ts' }, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    // import.meta.url works in the CommonJS build too (used to find package.json and workers).
    shims: true,
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
