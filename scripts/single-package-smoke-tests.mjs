// One smoke test per published package: a function body run against the installed module,
// from ESM (`import`) and from CommonJS (`require`); it throws when something is wrong.
// Optional shell commands run in the install directory too (for binaries).
export const smokeTests = {
  '@oellm/core': {
    check: `(core) => {
      if (core.getLanguage('mt').flores200 !== 'mlt_Latn') throw new Error('registry lookup failed');
      if (!core.OellmError.isInstance(new core.UsageError({ code: 'x', message: 'y' }))) throw new Error('isInstance failed');
    }`,
  },
  '@oellm/conformance': {
    check: `async (conformance) => {
      const bytes = { specificationVersion: 'v1', name: 'bytes', vocabularySize: 256, specialIds: {},
        encode: (text) => Uint32Array.from(new TextEncoder().encode(text)), decode: (ids) => new TextDecoder().decode(Uint8Array.from(ids)) };
      const results = await conformance.runConformanceChecks(conformance.tokenizerChecks(() => bytes));
      const failed = results.filter((result) => !result.passed);
      if (results.length === 0 || failed.length > 0) throw new Error('tokenizer checks: ' + JSON.stringify(failed));
    }`,
  },
  '@oellm/cli': {
    check: `async (cli) => {
      let out = '';
      const code = await cli.runCli(['languages', '--json'], { stdout: (text) => { out += text; }, stderr: () => {}, interactive: false });
      if (code !== 0 || JSON.parse(out).length < 37) throw new Error('oellm languages --json failed');
    }`,
    commands: ['npx --no-install oellm --version', 'npx --no-install oellm languages'],
  },
  '@oellm/tokenizer': {
    check: `async (tokenizer) => {
      const model = { pieces: [{ piece: '<unk>', score: 0, type: 2 }, { piece: '\u2581', score: -1 }, { piece: 'a', score: -2 }, { piece: 'b', score: -3 }, { piece: '\u2581ab', score: -1.5 }],
        trainerSpec: { modelType: 1 }, normalizerSpec: { name: 'identity' } };
      const bytes = tokenizer.serializeModel(model);
      const loaded = new tokenizer.SentencePieceTokenizer(tokenizer.parseModel(bytes), { threads: 2 });
      const ids = Array.from(loaded.encode('ab ba'));
      if (ids.join(' ') !== '4 1 3 2' || loaded.decode(ids) !== 'ab ba') throw new Error('encode/decode failed: ' + ids);
      const texts = Array.from({ length: 100 }, (_, index) => index % 2 ? 'ab' : 'ba ab');
      const batch = await loaded.encodeBatch(texts);
      if (batch.length !== 100 || Array.from(batch[1]).join(' ') !== '4') throw new Error('encodeBatch on workers failed');
      const lines = Array.from({ length: 60 }, (_, index) => ['the quick brown fox', 'jumps over the lazy dog', 'a lazy fox sleeps'][index % 3] + ' ' + index);
      const [inline, workers] = await Promise.all([0, 2].map((threads) => tokenizer.sentencePieceTrainer.trainModel(lines, { vocabularySize: 40, modelType: 'unigram', normalizationRuleName: 'identity', threads })));
      if (!Buffer.from(tokenizer.serializeModel(inline.model)).equals(Buffer.from(tokenizer.serializeModel(workers.model)))) throw new Error('Unigram training on worker threads differs from the calling thread');
    }`,
  },
  '@oellm/dataset': {
    check: `async (dataset) => {
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const directory = mkdtempSync(join(tmpdir(), 'oellm-dataset-smoke-'));
      writeFileSync(join(directory, 'in.jsonl'), '{"id":"1","text":"Il-bnedmin kollha jitwieldu ħielsa u ugwali fid-dinjità u d-drittijiet. Huma mogħnija bir-raġuni u bil-kuxjenza u għandhom iġibu ruħhom ma xulxin bi spirtu ta aħwa."}\\n{"text": broken\\n');
      for (const format of ['parquet', 'arrow', 'jsonl']) {
        const stages = [await dataset.createLanguageIdStage(), dataset.createExactDedupStage()];
        const summary = await dataset.ingestDataset({ inputs: [join(directory, 'in.jsonl')], out: join(directory, format), format, stages });
        if (summary.kept !== 1 || summary.quarantined !== 1) throw new Error(format + ': ' + JSON.stringify(summary));
        const stats = await dataset.readDatasetStats(join(directory, format));
        if (stats.languages.mt !== 1) throw new Error(format + ' stats: ' + JSON.stringify(stats));
        let rows = 0;
        for await (const batch of (await dataset.openDocumentSource([join(directory, format)])).batches()) rows += batch.numRows;
        if (rows !== 1) throw new Error(format + ': read back ' + rows + ' rows');
      }
      if (!dataset.shardWorkerAvailable()) throw new Error('the shard-writer worker is missing from the package');
      if (!dataset.ingestWorkerAvailable()) throw new Error('the ingest worker is missing from the package');
    }`,
  },
  '@oellm/quantize': {
    check: `async (quantize) => {
      const { mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const directory = mkdtempSync(join(tmpdir(), 'oellm-quantize-smoke-'));
      const weights = Float32Array.from({ length: 256 * 8 }, (_, index) => Math.sin(index) / 10);
      const writer = quantize.createGgufWriter(join(directory, 'in.gguf'));
      writer.setMetadata('general.architecture', 'llama');
      const info = { name: 'blk.0.attn_q.weight', shape: [256, 8], type: 'F32', byteLength: weights.byteLength };
      await writer.writeTensor(info, new Uint8Array(weights.buffer));
      await writer.close();
      const report = await quantize.quantizeModel({ input: join(directory, 'in.gguf'), output: join(directory, 'out.gguf'), fileType: 'Q4_K_M', threads: 2 });
      if (report.tensors[0].type !== 'Q4_K') throw new Error('recipe chose ' + report.tensors[0].type);
      const reader = await quantize.openGguf(join(directory, 'out.gguf'));
      const restored = await reader.readFloat32('blk.0.attn_q.weight');
      await reader.close();
      if (restored.length !== weights.length || Math.abs(restored[3] - weights[3]) > 0.01) throw new Error('round trip failed');
      if (reader.metadata.get('general.file_type') !== 15) throw new Error('general.file_type not set');
    }`,
  },
  '@oellm/eval': {
    check: `async (evaluation) => {
      const references = [['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'], ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.']];
      const score = evaluation.createBleu().corpusScore(['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'], references);
      if (score.score.toFixed(2) !== '48.53') throw new Error('BLEU ' + score.score);
      const articles = await evaluation.readUdhrArticles('mlt');
      if (articles.length !== 30) throw new Error('udhr articles: ' + articles.length);
      const { writeFileSync, mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const path = join(mkdtempSync(join(tmpdir(), 'oellm-eval-smoke-')), 'model.bin');
      writeFileSync(path, 'not a model');
      const error = await evaluation.createLlamaCppModel({ modelPath: path }).catch((caught) => caught);
      if (!String(error && error.message).includes('is not a GGUF file')) throw new Error('GGUF check failed: ' + error);
    }`,
  },
};
