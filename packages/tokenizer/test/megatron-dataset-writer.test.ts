import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMegatronDatasetWriter, loadSentencePieceTokenizer } from '../src/index.js';
import { floresFiles, temporaryDirectory } from './helpers/reference-tools.js';
import { trainReferenceModels } from './helpers/reference-models.js';

const reader = fileURLToPath(new URL('./fixtures/read_megatron_dataset.py', import.meta.url));

// The first Python on this machine that has numpy: PATH's python3 (pyenv here), else Debian's
// (`apt-get install python3-numpy`, which .ci/run does).
const python = ['python3', '/usr/bin/python3'].find((candidate) => {
  try {
    execFileSync(candidate, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

function readWithMegatronLogic(prefix: string): { dtype: string; document_indices: number[]; sequences: number[][] } {
  if (!python) throw new Error('no python3 with numpy found: install python3-numpy (apt-get install python3-numpy)');
  return JSON.parse(execFileSync(python, [reader, prefix], { maxBuffer: 1 << 28 }).toString());
}

describe('createMegatronDatasetWriter', () => {
  it('writes FLORES documents that Megatron-LM\'s reader logic reads back, with document boundaries', async () => {
    const tokenizer = await loadSentencePieceTokenizer(trainReferenceModels().get('bpe-nmt-nfkc')!);
    const documents = floresFiles().slice(0, 5).map(([, lines]) => lines.slice(0, 20));
    const directory = temporaryDirectory('megatron');
    const prefix = join(directory, 'flores_text_document');
    const writer = await createMegatronDatasetWriter(prefix, { vocabularySize: tokenizer.vocabularySize });
    const expected: number[][] = [];
    for (const lines of documents) {
      // One document per language, one sequence per line (Megatron's sentence-split mode).
      for (const line of lines) {
        const ids = tokenizer.encode(line);
        expected.push(Array.from(ids));
        await writer.addItem(ids);
      }
      writer.endDocument();
    }
    const summary = await writer.finalize();
    expect(summary).toMatchObject({ documents: 5, sequences: 100, dataType: 'uint16' });
    expect(readdirSync(directory).sort()).toEqual(['flores_text_document.bin', 'flores_text_document.idx']);
    const read = readWithMegatronLogic(prefix);
    expect(read.dtype).toBe('uint16');
    expect(read.document_indices).toEqual([0, 20, 40, 60, 80, 100]);
    expect(read.sequences).toEqual(expected);
  });

  it('uses int32 for vocabularies of 65,500 and more, and handles empty documents', async () => {
    const prefix = join(temporaryDirectory('megatron'), 'large');
    const writer = await createMegatronDatasetWriter(prefix, { vocabularySize: 128_000 });
    await writer.addDocument([127_999, 0, 65_535, 65_536]);
    await writer.addDocument([]);
    await writer.addDocument([7]);
    await writer.finalize();
    const read = readWithMegatronLogic(prefix);
    expect(read).toEqual({ dtype: 'int32', document_indices: [0, 1, 2, 3], sequences: [[127_999, 0, 65_535, 65_536], [], [7]] });
  });

  it('rejects ids that do not fit, and abort leaves no files', async () => {
    const directory = temporaryDirectory('megatron');
    const writer = await createMegatronDatasetWriter(join(directory, 'small'), { vocabularySize: 1000 });
    await expect(writer.addItem([70_000])).rejects.toThrow(/does not fit/);
    await writer.abort();
    expect(existsSync(join(directory, 'small.bin'))).toBe(false);
    expect(readdirSync(directory)).toEqual([]);
  });
});
