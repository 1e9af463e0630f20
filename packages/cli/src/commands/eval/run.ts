import { selectLanguages, UsageError, type TaskV1 } from '@oellm/core';
import type { Command } from '../../command.js';
import { readTaskDocuments } from './read-task-documents.js';
import { createProgressBars } from '../../output/progress-bar.js';
import { choiceOption, integerOption, listOption, requiredStringOptions, stringOption } from '../../option-values.js';

export const evalRunCommand: Command = {
  name: 'run',
  summary: 'Evaluate a GGUF model per language (lm-evaluation-harness semantics) and write results',
  help: `Usage: oellm eval --model MODEL.gguf|URL --tasks T1,T2 --languages all|eu24|de,fr --out DIR [--limit N] [--batch-size N] [--data DIR] [--json]

Runs each task on the model in-process through llama.cpp, for each selected language the task has,
and writes DIR/results.json (lm-evaluation-harness layout: "acc,none", "acc_stderr,none", …),
DIR/samples/<task>_<language>.jsonl, DIR/table.txt and DIR/manifest.json. Requests are cached in
DIR/cache, so running the same command again resumes an interrupted run without recomputing.

Tasks (see \`oellm eval tasks\`):
  udhr-likelihood      bits per byte, byte and word perplexity on the UDHR, 24 EU languages (built in)
  flores-likelihood    the same on FLORES-200-style files <flores code>.dev in --data DIR
  PATH.yaml|PATH.json  a task file: multiple choice, translation or likelihood from JSONL or Parquet documents

Options:
  --model MODEL.gguf|URL a GGUF file llama.cpp runs in-process, or the root URL of an
                         OpenAI-compatible server (/v1/completions with echo + logprobs, as vLLM)
  --served-model NAME    the model name the server expects (with a URL)
  --generation chat|completions
                         with a URL: generate through /v1/chat/completions (default; the server
                         applies the chat template) or /v1/completions (base models)
  --tasks LIST           comma-separated task names or task files
  --languages SELECTION  all, eu24, or codes such as de,fr,mt (default: every language of each task)
  --out DIR              where to write results
  --limit N              evaluate only the first N documents per task and language
  --batch-size N         llama.cpp context sequences, or HTTP requests in flight (default 4)
  --context-size N       tokens per sequence (default min(2048, the model's training context))
  --data DIR             data directory for flores-likelihood
  --json                 print results.json instead of the table
  --help                 show this help`,
  options: {
    model: { type: 'string' },
    tasks: { type: 'string' },
    languages: { type: 'string' },
    out: { type: 'string' },
    limit: { type: 'string' },
    'batch-size': { type: 'string' },
    'context-size': { type: 'string' },
    data: { type: 'string' },
    'served-model': { type: 'string' },
    generation: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(parsed, io) {
    const { model: modelPath, out } = requiredStringOptions(parsed, ['model', 'tasks', 'out'], 'oellm eval');
    const limit = integerOption(parsed, 'limit', { minimum: 1 });
    const batchSize = integerOption(parsed, 'batch-size', { minimum: 1 });
    const contextSize = integerOption(parsed, 'context-size', { minimum: 1 });
    const selection = stringOption(parsed, 'languages');
    const languages = selection === undefined ? undefined : selectLanguages(selection).map((language) => language.code);

    const evaluation = await import('@oellm/eval');
    const tasks: TaskV1[] = [];
    for (const name of listOption(parsed, 'tasks')) {
      if (name === evaluation.udhrTaskName) tasks.push(evaluation.createUdhrTask());
      else if (name === 'flores-likelihood') {
        const data = stringOption(parsed, 'data');
        if (!data) throw new UsageError({ code: 'missing_option', message: 'flores-likelihood needs --data DIR with files such as mlt_Latn.dev' });
        const { languages: registry } = await import('@oellm/core');
        tasks.push(evaluation.createFloresTask({ directory: data, languages: (languages ?? registry.filter((language) => language.flores200).map((language) => language.code)) }));
      } else if (/\.(ya?ml|json)$/.test(name)) tasks.push(await evaluation.loadTaskFile(name, { readDocuments: readTaskDocuments }));
      else throw new UsageError({ code: 'unknown_task', message: `unknown task "${name}"; run \`oellm eval tasks\` for the list, or pass a .yaml/.json task file` });
    }
    const progress = createProgressBars(io);
    const servedModel = stringOption(parsed, 'served-model');
    const generation = choiceOption(parsed, 'generation', ['chat', 'completions'], 'chat');
    const model = /^https?:\/\//.test(modelPath)
      ? evaluation.createOpenAiCompletionsModel({ baseUrl: modelPath, model: servedModel ?? 'default', concurrency: batchSize, generation })
      : await evaluation.createLlamaCppModel({ modelPath, sequences: batchSize, contextSize });
    try {
      const report = await evaluation.runEvaluation({ model, modelName: modelPath, tasks, languages, limit, outputDirectory: out, batchSize: batchSize ?? 4, progress });
      io.stdout(parsed.values['json'] ? `${JSON.stringify(report.harness, null, 2)}\n` : `${report.table}\n`);
      if (report.cache && report.cache.hits > 0) io.stderr(`reused ${report.cache.hits} cached requests from ${out}/cache\n`);
    } finally {
      await model.close?.();
    }
    return 0;
  },
};
