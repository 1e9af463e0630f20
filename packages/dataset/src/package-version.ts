import { readFileSync } from 'node:fs';

// `src/` and `dist/` both sit one level below package.json, so this URL serves the source and the build.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/**
 * The name and version of this installed copy of `@oellm/dataset`, recorded in manifests.
 *
 * @example
 * ```ts
 * import { datasetPackage } from '@oellm/dataset';
 * console.log(datasetPackage.version);
 * ```
 */
export const datasetPackage: { readonly name: string; readonly version: string } = Object.freeze({ name: packageJson.name, version: packageJson.version });
