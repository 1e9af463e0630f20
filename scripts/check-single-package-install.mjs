#!/usr/bin/env node
// The single-package install check: each published package, packed as npm would publish it,
// installs alone into an empty directory with plain npm (plus the sibling @oellm tarballs it
// depends on) and works from both `import` and `require`. Catches missing files, wrong
// exports maps, undeclared dependencies and workspace-only paths before users do.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smokeTests } from './single-package-smoke-tests.mjs';

const root = new URL('..', import.meta.url).pathname;
const packagesDirectory = join(root, 'packages');
const work = mkdtempSync(join(tmpdir(), 'oellm-install-check-'));
const tarballs = join(work, 'tarballs');

const manifests = readdirSync(packagesDirectory)
  .map((name) => ({ directory: join(packagesDirectory, name), manifest: JSON.parse(readFileSync(join(packagesDirectory, name, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);

const tarballOf = new Map();
for (const { directory, manifest } of manifests) {
  const output = execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: directory, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  tarballOf.set(manifest.name, output.trim().split('\n').pop());
}

// The @oellm packages a package needs at run time, transitively (dependencies and peers).
function oellmClosure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const manifest = manifests.find((entry) => entry.manifest.name === name)?.manifest;
  for (const dependency of Object.keys({ ...manifest?.dependencies, ...manifest?.peerDependencies })) {
    if (dependency.startsWith('@oellm/')) oellmClosure(dependency, seen);
  }
  return seen;
}

let failures = 0;
for (const { manifest } of manifests) {
  const smoke = smokeTests[manifest.name];
  if (!smoke) {
    console.error(`✗ ${manifest.name}: no smoke test in scripts/single-package-smoke-tests.mjs; add one`);
    failures++;
    continue;
  }
  const directory = join(work, manifest.name.replace('/', '__'));
  execFileSync('mkdir', ['-p', directory]);
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'install-check', private: true, version: '0.0.0' }));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...[...oellmClosure(manifest.name)].map((name) => tarballOf.get(name))], {
    cwd: directory,
    encoding: 'utf8',
  });
  if (install.status !== 0) {
    console.error(`✗ ${manifest.name}: npm install failed\n${install.stderr}`);
    failures++;
    continue;
  }
  writeFileSync(join(directory, 'check.mjs'), `import * as loaded from '${manifest.name}';\nconst check = ${smoke.check};\nawait check(loaded);\n`);
  writeFileSync(join(directory, 'check.cjs'), `const loaded = require('${manifest.name}');\nconst check = ${smoke.check};\nPromise.resolve(check(loaded)).catch((error) => { console.error(error); process.exit(1); });\n`);
  for (const file of ['check.mjs', 'check.cjs', ...(smoke.commands ?? [])]) {
    const [command, ...args] = file.startsWith('check.') ? [process.execPath, file] : file.split(' ');
    const result = spawnSync(command, args, { cwd: directory, encoding: 'utf8' });
    if (result.status !== 0) {
      console.error(`✗ ${manifest.name}: ${file} failed\n${result.stdout}${result.stderr}`);
      failures++;
    } else {
      console.log(`✓ ${manifest.name}: ${file}`);
    }
  }
}
rmSync(work, { recursive: true, force: true });
if (failures > 0) {
  console.error(`\n${failures} single-package install check(s) failed`);
  process.exit(1);
}
console.log('\nevery package installs alone and works from import and require');
