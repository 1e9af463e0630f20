import { definePackageBuild } from '../../tooling/tsup-preset';

// The shard writer and the ingest parsers run on worker threads, loaded from dist/ beside index.js.
// zstd-napi is an optional dependency (a native addon built at install), which tsup would
// otherwise bundle: it must stay an import that can fail, so the WebAssembly codec takes over.
export default definePackageBuild(
  { index: 'src/index.ts', 'shard-writer-worker': 'src/output/shard-writer-worker.ts', 'ingest-worker': 'src/parallel/ingest-worker.ts' },
  { external: ['zstd-napi'] },
);
