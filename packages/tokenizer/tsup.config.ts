import { definePackageBuild } from '../../tooling/tsup-preset';

export default definePackageBuild({ index: 'src/index.ts', 'encode-worker': 'src/encoder/encode-worker.ts', 'training-worker': 'src/training/training-worker.ts' });
