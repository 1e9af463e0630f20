import { definePackageBuild } from '../../tooling/tsup-preset';

export default definePackageBuild({ index: 'src/index.ts', bin: 'src/bin.ts' });
