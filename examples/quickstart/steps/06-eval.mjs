import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createLlamaCppModel, createUdhrTask, formatLanguageTable, runEvaluation } from '@oellm/eval';

/**
 * Evaluates every GGUF model the quantize step wrote (output/models/*.gguf) on the built-in UDHR
 * task — bits per byte, byte and word perplexity in each of the 24 official EU languages — and
 * prints the per-language table. A small document limit keeps the step fast; drop it for real numbers.
 */
export const title = 'Evaluation: per-language bits per byte of the quantized models on the UDHR';

const documentsPerLanguage = 1;

export async function run({ output, log }) {
  const modelDirectory = join(output, 'models');
  const entries = await readdir(modelDirectory).catch(() => undefined);
  if (entries === undefined) {
    log(`no ${modelDirectory} yet (the quantize step writes it); nothing to evaluate`);
    return;
  }
  const models = entries.filter((name) => name.endsWith('.gguf')).sort();
  if (models.length === 0) throw new Error(`${modelDirectory} holds no .gguf model to evaluate`);
  const task = createUdhrTask();
  const rows = [];
  for (const name of models) {
    const model = await createLlamaCppModel({ modelPath: join(modelDirectory, name), contextSize: 512, sequences: 2 });
    try {
      const report = await runEvaluation({
        model,
        modelName: name,
        tasks: [task],
        limit: documentsPerLanguage,
        outputDirectory: join(output, 'eval', basename(name, '.gguf')),
      });
      // One table across models: the task column names the model.
      rows.push(...report.results.map((row) => ({ ...row, task: basename(name, '.gguf') })));
      log(`${name}: results in ${join('output', 'eval', basename(name, '.gguf'), 'results.json')}`);
    } finally {
      await model.close();
    }
  }
  log(formatLanguageTable(rows.filter((row) => row.metric === 'bits_per_byte'), { taskColumnTitle: 'model' }));
}
