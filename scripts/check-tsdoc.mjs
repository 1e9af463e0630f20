#!/usr/bin/env node
// Fails when a public export of a published package has no TSDoc `@example`: every entry of
// each package's exports map (its `@oellm/source` file) is checked. The spec packages (core,
// conformance, cli) need an example on every export, types included; the domain packages on
// every function, class and constant (STYLE.md: "public functions carry TSDoc with one example").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const everyExport = new Set(['@oellm/core', '@oellm/conformance', '@oellm/cli']);
const valueFlags = ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum;
const missing = [];
for (const name of readdirSync(join(root, 'packages'))) {
  const directory = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const entries = Object.values(manifest.exports ?? {})
    .map((target) => (typeof target === 'object' ? target['@oellm/source'] : undefined))
    .filter(Boolean)
    .map((relative) => join(directory, relative));
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@oellm/source'],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  for (const entry of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
    if (!moduleSymbol) continue;
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (!everyExport.has(manifest.name) && !(target.flags & valueFlags)) continue;
      if (!target.getJsDocTags(checker).some((tag) => tag.name === 'example')) missing.push(`${manifest.name} (${entry.slice(directory.length + 1)}): ${symbol.name}`);
    }
  }
}
if (missing.length > 0) {
  console.error(`Public exports without a TSDoc @example (${missing.length}):\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log('every public export has TSDoc with an example');
