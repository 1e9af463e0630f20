import { readFileSync } from 'node:fs';

// Read at run time so manifests and results name the published version; src/ and dist/ both sit
// one level below the package root.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/**
 * The name and version of this installed copy of `@oellm/eval`.
 *
 * @example
 * ```ts
 * import { evalPackage } from '@oellm/eval';
 * console.log(`${evalPackage.name}@${evalPackage.version}`);
 * ```
 */
export const evalPackage: { readonly name: string; readonly version: string } = Object.freeze({ name: packageJson.name, version: packageJson.version });
