import { definePackageBuild } from '../../tooling/tsup-preset';

export default definePackageBuild({ index: 'src/index.ts', vitest: 'src/vitest.ts' });
