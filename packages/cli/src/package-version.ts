import { readFileSync } from 'node:fs';

// `src/` and `dist/` both sit one level below package.json, so this URL serves the source and the build.
export const cliVersion: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
