import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeFile } from '@oellm/core';
import { describe, expect, it } from 'vitest';
import { encodeTextFiles, loadSentencePieceTokenizer } from '../src/index.js';
import { trainReferenceModels } from './helpers/reference-models.js';
import { floresFiles, temporaryDirectory } from './helpers/reference-tools.js';

// encodeTextFiles hashes its inputs while it reads them and the id file while it writes it; the
// manifest entries must be exactly what core's describeFile gives for the files on disk.
describe('encodeTextFiles manifest entries hashed in passing', () => {
  for (const format of ['ids', 'megatron', 'arrow'] as const) {
    it(`equal describeFile's for every input and output (${format})`, async () => {
      const model = trainReferenceModels().get('unigram-nmt-nfkc')!;
      const directory = temporaryDirectory('encode-manifest');
      const lines = floresFiles().flatMap(([, fileLines]) => fileLines.slice(0, 120));
      const first = join(directory, 'first.txt');
      const second = join(directory, 'second.txt');
      // Over a chunk in all, so both files are read in several blocks; the second ends without a newline.
      writeFileSync(first, `${lines.join('\n')}\n${lines.join('\n')}\n`);
      writeFileSync(second, lines.slice(0, 50).join('\n'));
      const tokenizer = await loadSentencePieceTokenizer(model, { threads: 0 });
      const out = join(directory, { ids: 'out.ids', megatron: 'out', arrow: 'out.arrow' }[format]);
      const summary = await encodeTextFiles(tokenizer, [first, second], out, { format, modelPath: model });
      const manifest = JSON.parse(readFileSync(summary.manifest, 'utf8')) as { inputs: unknown[]; outputs: unknown[] };
      expect(manifest.inputs).toEqual([await describeFile(first, { role: 'text' }), await describeFile(second, { role: 'text' }), await describeFile(model, { role: 'model' })]);
      expect(manifest.outputs).toEqual(await Promise.all(summary.outputs.map((path) => describeFile(path, { relativeTo: dirname(out), role: format }))));
    });
  }
});
