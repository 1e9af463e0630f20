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
};
