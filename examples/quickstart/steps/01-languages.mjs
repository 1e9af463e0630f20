import { runCli } from '@oellm/cli';
import { selectLanguages } from '@oellm/core';

/** Lists the registry with the `oellm languages` command, then selects the EU-24 in code. */
export const title = 'The languages oellm covers';

export async function run({ log }) {
  let table = '';
  const exitCode = await runCli(['languages'], { stdout: (text) => (table += text), stderr: (text) => process.stderr.write(text), interactive: false });
  if (exitCode !== 0) throw new Error(`oellm languages exited with ${exitCode}`);
  log(table.trimEnd());
  const eu24 = selectLanguages('eu24');
  log(`\nselectLanguages('eu24') → ${eu24.length} languages: ${eu24.map((language) => language.code).join(' ')}`);
}
