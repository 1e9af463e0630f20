import { readdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError, temporaryPathFor, UsageError, writeFileAtomic } from '@oellm/core';
import type { Command } from '../../command.js';
import { integerOption, requiredStringOptions } from '../../option-values.js';
import { createProgressBars } from '../../output/progress-bar.js';

export const quantizeCommand: Command = {
  name: 'quantize',
  summary: 'Quantise a GGUF model with a llama-quantize recipe (Q8_0, Q6_K, Q5_K_M, Q4_K_M, …), byte-identical to llama.cpp',
  help: `Usage: oellm quantize --input MODEL(.gguf|DIR) --type Q4_K_M --out OUT.gguf [--imatrix F] [--tensor-type PATTERN=TYPE]… [--report R.json] [--threads N] [--json]

Quantises every tensor the way llama.cpp's llama-quantize does for the recipe: the same type per
tensor (output and token-embedding handling, more bits for attn_v and ffn_down on some layers,
fallbacks when a row is not a multiple of the block size) and the same bytes. Writes OUT.gguf
(under a temporary name until complete) and OUT.gguf.manifest.json.

Recipes: F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q5_0 Q5_1 Q2_K Q3_K_S Q3_K_M Q3_K_L Q4_K_S Q4_K_M Q5_K_S Q5_K_M Q6_K

Options:
  --input MODEL              the model to quantise: a GGUF v2/v3 file, or a Hugging Face Llama-family
                             directory (config.json, model.safetensors[.index.json], tokenizer.model),
                             converted to GGUF as llama.cpp's convert_hf_to_gguf.py does
  --type RECIPE              the recipe (file type), e.g. Q4_K_M
  --out OUT.gguf             where to write the quantised model
  --imatrix F                an importance matrix from llama-imatrix (GGUF or legacy .dat)
  --tensor-type PATTERN=TYPE give tensors whose name matches the regular expression PATTERN type TYPE
                             (repeatable; first match wins), e.g. --tensor-type attn_v=Q8_0
  --report R.json            write per-tensor types, bits per weight, RMSE and maximum error as JSON
  --allow-requantize         re-quantise tensors that are already quantised (worse than starting from F32/F16)
  --threads N                worker threads (default: the number of cores; 0 = no workers)
  --json                     print the report as JSON instead of a summary
  --help                     show this help`,
  options: {
    input: { type: 'string' },
    type: { type: 'string' },
    out: { type: 'string' },
    'tensor-type': { type: 'string', multiple: true },
    imatrix: { type: 'string' },
    report: { type: 'string' },
    threads: { type: 'string' },
    json: { type: 'boolean' },
    'allow-requantize': { type: 'boolean' },
  },
  async run(parsed, io) {
    const { input, type, out } = requiredStringOptions(parsed, ['input', 'type', 'out'], 'oellm quantize');
    const overrides = ((parsed.values['tensor-type'] as string[] | undefined) ?? []).map((text) => {
      const at = text.lastIndexOf('=');
      if (at <= 0 || at === text.length - 1) throw new UsageError({ code: 'invalid_option', message: `--tensor-type ${text}: expected PATTERN=TYPE, e.g. attn_v=Q8_0` });
      return { pattern: text.slice(0, at), type: text.slice(at + 1) };
    });
    const threads = integerOption(parsed, 'threads', { minimum: 0 }, availableParallelism());

    const { convertHuggingFaceLlama, quantizeModel, readImatrix } = await import('@oellm/quantize');
    // A Hugging Face directory (or a .safetensors file inside one) is converted to GGUF F32 first,
    // beside the output under a temporary name, and removed afterwards.
    let source = input;
    let converted: string | undefined;
    let manifestInputs: string[] | undefined;
    const isDirectory = await stat(input).then((entry) => entry.isDirectory(), () => false);
    if (isDirectory || input.endsWith('.safetensors') || input.endsWith('.safetensors.index.json')) {
      converted = `${temporaryPathFor(out)}.f32.gguf`;
      await convertHuggingFaceLlama({ directory: isDirectory ? input : dirname(input), output: converted, onProgress: createProgressBars(io) });
      source = converted;
      const modelDirectory = isDirectory ? input : dirname(input);
      manifestInputs = (await readdir(modelDirectory))
        .filter((name) => ['config.json', 'tokenizer.model', 'tokenizer.json', 'tokenizer_config.json'].includes(name) || name.endsWith('.safetensors') || name.endsWith('.safetensors.index.json'))
        .map((name) => join(modelDirectory, name));
    } else if (!input.endsWith('.gguf')) {
      throw new InputError({ code: 'unsupported_input', message: 'give a .gguf file, a .safetensors file or a Hugging Face model directory', location: { file: input } });
    }
    const imatrixPath = parsed.values['imatrix'] as string | undefined;
    const importance = imatrixPath ? (await readImatrix(imatrixPath)).entries : undefined;
    const reportPath = parsed.values['report'] as string | undefined;
    let report: Awaited<ReturnType<typeof quantizeModel>>;
    try {
      report = await quantizeModel({
        input: source, output: out, fileType: type, overrides, threads, onProgress: createProgressBars(io),
        // RMSE and maximum error cost a dequantisation of every tensor: only when they are shown.
        measureErrors: reportPath !== undefined || parsed.values['json'] === true,
        ...(importance ? { importance } : {}), ...(manifestInputs ? { manifestInputs } : {}),
        allowRequantize: parsed.values['allow-requantize'] === true,
      });
    } finally {
      if (converted) await rm(converted, { force: true });
    }
    if (reportPath) await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    if (parsed.values['json']) {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const { totals } = report;
    io.stdout(
      `${out}: ${report.fileType}, ${totals.tensors} tensors, ${(totals.sourceBytes / 1e6).toFixed(2)} MB → ${(totals.bytes / 1e6).toFixed(2)} MB, ` +
        `${totals.bitsPerWeight.toFixed(2)} bits per weight${totals.fallbacks > 0 ? `, ${totals.fallbacks} tensors fell back to another type` : ''}\n`,
    );
    return 0;
  },
};
