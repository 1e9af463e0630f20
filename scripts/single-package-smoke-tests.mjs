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
    }`,
  },
};
