// The oellm quickstart: each step of the workflow in order, on data from the npm registry.
// Steps are the files in ./steps, run in name order; each exports `title` and `run(context)`.
// Outputs go to ./output; every artifact is written with a manifest.
import { mkdir, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const quiet = process.argv.includes('--quiet');
const context = {
  /** Where steps write; later steps read earlier steps' outputs from here. */
  output: fileURLToPath(new URL('./output/', import.meta.url)),
  sample: fileURLToPath(new URL('./sample/', import.meta.url)),
  quiet,
  log: (text = '') => {
    if (!quiet) console.log(text);
  },
};
await mkdir(context.output, { recursive: true });

const files = (await readdir(new URL('./steps/', import.meta.url))).filter((name) => /^\d+-.+\.mjs$/.test(name)).sort();
for (const [index, file] of files.entries()) {
  const step = await import(`./steps/${file}`);
  context.log(`\n━━ Step ${index + 1}/${files.length}: ${step.title}`);
  const started = performance.now();
  await step.run(context);
  context.log(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
context.log(`\nDone. Outputs and their manifests are in ${context.output}`);
