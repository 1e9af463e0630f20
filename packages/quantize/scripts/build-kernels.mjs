// Compiles the AssemblyScript quantisation kernels (kernels/*.ts) to WebAssembly and writes them,
// base64-encoded, into src/kernels/quantize-kernels.generated.ts: the published package and the
// source-mode tests both load that module, so neither needs the compiler. Run after editing
// kernels/: `pnpm --filter @oellm/quantize build:kernels`. test/kernels-fresh.test.ts fails when
// the committed module is stale.
import { defineKernelBuild } from '../../../tooling/assemblyscript-kernels.mjs';

const build = defineKernelBuild({
  scriptUrl: import.meta.url,
  packageName: '@oellm/quantize',
  generatedModule: 'src/kernels/quantize-kernels.generated.ts',
  freshnessTest: 'test/kernels-fresh.test.ts',
  outFile: 'quantize-kernels.wasm',
  // Optimised, no garbage collector (kernels use static scratch memory), SIMD on.
  flags: ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--use', 'abort='],
  exportName: 'quantizeKernelsBase64',
  loadCompiler: () => import('assemblyscript/asc'),
  summary: 'The WebAssembly quantisation kernels, base64-encoded.',
});

export const { generatedModulePath, compileKernels, generatedModuleText, generatedModuleIsFresh } = build;
await build.writeWhenRunDirectly();
