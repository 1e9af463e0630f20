import { definePackageBuild } from '../../tooling/tsup-preset';

// The shard writer runs on a worker thread, loaded from dist/ beside index.js.
export default definePackageBuild({ index: 'src/index.ts', 'shard-writer-worker': 'src/output/shard-writer-worker.ts' });
