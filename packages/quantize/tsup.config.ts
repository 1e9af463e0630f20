import { definePackageBuild } from '../../tooling/tsup-preset.ts';

// The worker is its own entry: quantize pools start dist/quantize-worker.js beside dist/index.js.
export default definePackageBuild({ index: 'src/index.ts', 'quantize-worker': 'src/workers/quantize-worker.ts' });
