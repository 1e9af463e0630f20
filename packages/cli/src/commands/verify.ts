import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError, verifyManifest } from '@oellm/core';
import type { Command } from '../command.js';
import { renderTable } from '../output/table.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: "Check an artifact against its manifest (sizes and sha256 of every file)",
  help: `Usage: oellm verify <manifest.json | artifact directory> [--outputs-only] [--json]

Checks every file the manifest lists: present, same size, same sha256. Hash-only entries
(data that may not be redistributed) are listed as unchecked. Exit code 0 when everything
matches, 1 when a file is missing or differs, 2 when the manifest itself is unreadable.

Options:
  --outputs-only   skip the inputs (they may live on another machine)
  --json           print the result as JSON
  --help           show this help`,
  options: { 'outputs-only': { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(parsed, io) {
    const [target, ...extra] = parsed.positionals;
    if (!target || extra.length > 0) throw new UsageError({ code: 'bad_arguments', message: 'pass exactly one manifest.json or artifact directory, e.g. `oellm verify out/dataset`' });
    const isDirectory = await stat(target).then((info) => info.isDirectory(), () => false);
    const manifestPath = isDirectory ? join(target, 'manifest.json') : target;
    const result = await verifyManifest(manifestPath, { inputs: !parsed.values['outputs-only'] });
    if (parsed.values['json']) {
      io.stdout(`${JSON.stringify({ ok: result.ok, manifest: manifestPath, files: result.files.map((file) => ({ list: file.list, path: file.entry.path ?? null, label: file.entry.label ?? null, status: file.status, expected: { bytes: file.entry.bytes, sha256: file.entry.sha256 }, actual: file.actual ?? null })) }, null, 2)}\n`);
    } else {
      const rows = result.files.map((file) => [file.list, file.entry.path ?? `(${file.entry.label ?? 'hash only'})`, String(file.entry.bytes), file.status]);
      io.stdout(`${renderTable(['list', 'file', 'bytes', 'status'], rows)}\n\n${result.ok ? 'ok' : 'FAILED'}: ${result.manifest.kind} '${result.manifest.name}', ${result.files.length} files\n`);
    }
    return result.ok ? 0 : 1;
  },
};
