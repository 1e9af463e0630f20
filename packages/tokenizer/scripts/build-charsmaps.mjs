// Builds the precompiled_charsmap of every rule set we support with our own builder
// (src/normalizer/normalization-rules.ts, case-folding-rules.ts, charsmap-compiler.ts) and writes
// them, Brotli-compressed and base64-encoded, into src/normalizer/precompiled-charsmaps.generated.ts,
// which the trainer and `compileCharsmap` read instead of rebuilding the rules at run time (the
// build took ~240 MB and seconds). Run after editing the builder or changing Node (the rules come
// from Node's ICU): `pnpm --filter @oellm/tokenizer build:charsmaps`.
// test/precompiled-charsmaps-fresh.test.ts fails when the committed module is stale.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const generatedModulePath = fileURLToPath(new URL('../src/normalizer/precompiled-charsmaps.generated.ts', import.meta.url));
const generatorSource = fileURLToPath(new URL('../src/normalizer/precompiled-charsmaps-generator.ts', import.meta.url));

/** Node 20 cannot import TypeScript: bundle the generator (it never reaches the generated module) with tsup. */
async function loadGenerator(directory) {
  const { build } = await import('tsup');
  await build({ entry: { generator: generatorSource }, format: ['esm'], platform: 'node', target: 'node20', outDir: directory, dts: false, sourcemap: false, splitting: false, silent: true, config: false });
  return import(pathToFileURL(join(directory, 'generator.js')).href);
}

const directory = await mkdtemp(join(tmpdir(), 'oellm-charsmaps-'));
try {
  const generator = await loadGenerator(directory);
  const charsmaps = {};
  for (const name of Object.keys(generator.ruleSetBuilders)) {
    const started = performance.now();
    charsmaps[name] = generator.compileRuleSetCharsmap(name);
    console.log(`${name}: ${charsmaps[name].length} bytes in ${Math.round(performance.now() - started)} ms`);
  }
  const runtime = generator.currentUnicodeRuntime();
  const text = generator.generatedModuleText(charsmaps, runtime);
  await writeFile(generatedModulePath, text);
  console.log(`wrote ${generatedModulePath} (${text.length} characters; Node ${runtime.node}, ICU ${runtime.icu}, Unicode ${runtime.unicode})`);
} finally {
  await rm(directory, { recursive: true, force: true });
}
