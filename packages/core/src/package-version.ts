import { readFileSync } from 'node:fs';

// Read at run time so the version always matches the published package.json (changesets bumps it).
// `src/` and `dist/` are both one level below the package root, so one relative URL serves both.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/**
 * The name and version of this installed copy of `@oellm/core`.
 *
 * @example
 * ```ts
 * import { corePackage } from '@oellm/core';
 * console.log(`${corePackage.name}@${corePackage.version}`);
 * ```
 */
export const corePackage: { readonly name: string; readonly version: string } = Object.freeze({ name: packageJson.name, version: packageJson.version });
