import { readFileSync } from 'node:fs';

// Read at run time so manifests name the published version; src/ and dist/ both sit one level
// below the package root.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/**
 * The name and version of this installed copy of `@oellm/quantize`.
 *
 * @example
 * ```ts
 * import { quantizePackage } from '@oellm/quantize';
 * console.log(`${quantizePackage.name}@${quantizePackage.version}`);
 * ```
 */
export const quantizePackage: { readonly name: string; readonly version: string } = Object.freeze({ name: packageJson.name, version: packageJson.version });
