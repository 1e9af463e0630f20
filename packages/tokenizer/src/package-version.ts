import { readFileSync } from 'node:fs';

// Read at run time so manifests name the published version; src/ and dist/ both sit one level
// below the package root.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/**
 * This package's name and version, for manifests.
 *
 * @example
 * ```ts
 * import { tokenizerPackage } from '@oellm/tokenizer';
 * console.log(`${tokenizerPackage.name}@${tokenizerPackage.version}`);
 * ```
 */
export const tokenizerPackage: { readonly name: string; readonly version: string } = Object.freeze({ name: packageJson.name, version: packageJson.version });
