import { languages } from '@oellm/core';
import type { Command } from '../command.js';
import { renderTable } from '../output/table.js';

export const languagesCommand: Command = {
  name: 'languages',
  summary: 'List the languages oellm supports, with their codes',
  help: `Usage: oellm languages [--json]

Lists every language in the registry: ISO 639-1 and 639-3 codes, script, FLORES-200 code,
English and native name, and group (eu-official, candidate, efta, regional).
Any of these codes selects a language wherever oellm takes one (--languages de,lvs_Latn,Greek).

Options:
  --json    print the registry as JSON
  --help    show this help`,
  options: { json: { type: 'boolean' } },
  async run(parsed, io) {
    if (parsed.values['json']) {
      io.stdout(`${JSON.stringify(languages, null, 2)}\n`);
      return 0;
    }
    const rows = languages.map((language) => [
      language.code,
      language.iso639_1 ?? '-',
      language.iso639_3,
      language.script,
      language.flores200 ?? '-',
      language.englishName,
      language.nativeName,
      language.group,
    ]);
    io.stdout(`${renderTable(['code', '639-1', '639-3', 'script', 'FLORES-200', 'English', 'native', 'group'], rows)}\n`);
    io.stdout(`\n${languages.length} languages (${languages.filter((language) => language.group === 'eu-official').length} official EU languages)\n`);
    return 0;
  },
};
