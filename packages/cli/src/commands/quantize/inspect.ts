import { UsageError } from '@oellm/core';
import type { Command } from '../../command.js';
import { renderTable } from '../../output/table.js';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Show a GGUF file: version, metadata and the tensor table',
  help: `Usage: oellm quantize inspect FILE.gguf [--json]

Prints the GGUF version, the metadata (long arrays summarised) and one line per tensor: name,
type, shape and size.

Options:
  --json    print { version, alignment, metadata, tensors } as JSON
  --help    show this help`,
  allowPositionals: true,
  options: { json: { type: 'boolean' } },
  async run(parsed, io) {
    const file = parsed.positionals[0];
    if (file === undefined || parsed.positionals.length > 1) throw new UsageError({ code: 'missing_inputs', message: 'give exactly one GGUF file. Run `oellm quantize inspect --help`.' });
    const { openGguf } = await import('@oellm/quantize');
    const reader = await openGguf(file);
    try {
      const summarise = (value: unknown): unknown =>
        Array.isArray(value) ? (value.length > 8 ? `[${value.length} values: ${value.slice(0, 4).map(String).join(', ')}, …]` : value.map(summarise)) : typeof value === 'bigint' ? value.toString() : value;
      const metadata = Object.fromEntries([...reader.metadata].map(([key, value]) => [key, summarise(value)]));
      const tensors = reader.tensors.map((tensor) => ({ name: tensor.name, type: tensor.type, shape: tensor.shape, bytes: tensor.byteLength }));
      if (parsed.values['json']) {
        io.stdout(`${JSON.stringify({ version: reader.version, alignment: reader.alignment, metadata, tensors }, null, 2)}\n`);
        return 0;
      }
      io.stdout(`${file}: GGUF v${reader.version}, ${reader.tensors.length} tensors, ${reader.metadata.size} metadata keys\n\n`);
      io.stdout(`${renderTable(['key', 'value'], Object.entries(metadata).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]))}\n\n`);
      io.stdout(`${renderTable(['tensor', 'type', 'shape', 'bytes'], tensors.map((tensor) => [tensor.name, tensor.type, tensor.shape.join('×'), String(tensor.bytes)]))}\n`);
      return 0;
    } finally {
      await reader.close();
    }
  },
};
