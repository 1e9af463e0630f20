// The oellm quickstart: each step of the workflow in order, on data from the npm registry.
// Outputs go to ./output; every artifact is written with a manifest.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { languagesStep } from './steps/01-languages.mjs';
import { manifestStep } from './steps/02-manifest.mjs';

const quiet = process.argv.includes('--quiet');
const context = {
  output: fileURLToPath(new URL('./output/', import.meta.url)),
  sample: fileURLToPath(new URL('./sample/', import.meta.url)),
  log: (text = '') => {
    if (!quiet) console.log(text);
  },
};
await mkdir(context.output, { recursive: true });

const steps = [
  ['The languages oellm covers', languagesStep],
  ['A manifest: trace an artifact to its inputs, and check it', manifestStep],
];
for (const [index, [title, step]] of steps.entries()) {
  context.log(`\n━━ Step ${index + 1}/${steps.length}: ${title}`);
  const started = performance.now();
  await step(context);
  context.log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
context.log(`\nDone. Outputs and their manifests are in ${context.output}`);
