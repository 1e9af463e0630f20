import { describe, expect, it } from 'vitest';

// The WebAssembly Unigram kernel is committed as a generated module (src/encoder/unigram-kernel.generated.ts)
// so that neither users nor source-mode tests need the AssemblyScript compiler. This recompiles
// kernels/*.ts and fails when the committed module does not match: run `pnpm build:kernels`.
describe('the committed WebAssembly Unigram kernel', () => {
  it('is what kernels/*.ts compiles to (else run `pnpm --filter @oellm/tokenizer build:kernels`)', async () => {
    const script = '../scripts/build-kernels.mjs';
    const build = (await import(script)) as { generatedModuleIsFresh(): Promise<boolean> };
    expect(await build.generatedModuleIsFresh(), 'src/encoder/unigram-kernel.generated.ts is stale: run `pnpm --filter @oellm/tokenizer build:kernels`').toBe(true);
  }, 60_000);
});
