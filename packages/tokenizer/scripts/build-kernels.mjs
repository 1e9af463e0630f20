// Compiles the AssemblyScript Unigram Viterbi kernel (kernels/*.ts) to WebAssembly and writes it,
// base64-encoded, into src/encoder/unigram-kernel.generated.ts: the published package and the
// source-mode tests both load that module, so neither needs the compiler. Run after editing
// kernels/: `pnpm --filter @oellm/tokenizer build:kernels`. test/unigram-kernel-fresh.test.ts fails
// when the committed module is stale.
import { defineKernelBuild } from '../../../tooling/assemblyscript-kernels.mjs';

const build = defineKernelBuild({
  scriptUrl: import.meta.url,
  packageName: '@oellm/tokenizer',
  generatedModule: 'src/encoder/unigram-kernel.generated.ts',
  freshnessTest: 'test/unigram-kernel-fresh.test.ts',
  outFile: 'unigram-kernel.wasm',
  // Optimised, no garbage collector (the host lays out all memory), no asserts.
  flags: ['-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort='],
  exportName: 'unigramKernelBase64',
  loadCompiler: () => import('assemblyscript/asc'),
  summary: 'The WebAssembly Unigram Viterbi kernel, base64-encoded.',
});

export const { generatedModulePath, compileKernels, generatedModuleText, generatedModuleIsFresh } = build;
await build.writeWhenRunDirectly();
