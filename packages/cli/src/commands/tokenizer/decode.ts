import { readFile } from 'node:fs/promises';
import { InputError, writeFileAtomic } from '@oellm/core';
import type { Command } from '../../command.js';
import { requiredStringOptions, stringOption } from '../../option-values.js';

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'Decode lines of token ids back to text, as spm_decode --input_format=id does',
  help: `Usage: oellm tokenizer decode --model M.model --input IDS.txt [--out TEXT.txt]

Reads one line of space-separated ids per text (the output of \`oellm tokenizer encode\` or
spm_encode --output_format=id) and writes one line of text per line of ids.

Options:
  --model M.model   the SentencePiece model the ids came from
  --input FILE      the id lines
  --out FILE        where to write the text (default: standard output)
  --help            show this help`,
  options: { model: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' } },
  async run(parsed, io) {
    const { model, input } = requiredStringOptions(parsed, ['model', 'input'], 'oellm tokenizer decode');
    const out = stringOption(parsed, 'out');
    const { loadSentencePieceTokenizer } = await import('@oellm/tokenizer');
    const tokenizer = await loadSentencePieceTokenizer(model);
    const lines = (await readFile(input, 'utf8')).split('\n');
    if (lines.at(-1) === '') lines.pop();
    const decoded = lines.map((line, index) => {
      const ids = line.trim() === '' ? [] : line.trim().split(/\s+/).map(Number);
      const bad = ids.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= tokenizer.vocabularySize);
      if (bad >= 0) throw new InputError({ code: 'invalid_id', message: `'${line.trim().split(/\s+/)[bad]}' is not an id of this model (0..${tokenizer.vocabularySize - 1})`, location: { file: input, line: index + 1 } });
      return tokenizer.decode(ids);
    });
    const text = decoded.map((line) => `${line}\n`).join('');
    if (out) await writeFileAtomic(out, text);
    else io.stdout(text);
    return 0;
  },
};
