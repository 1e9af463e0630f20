import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const packageVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('oellm', () => {
  it('prints help and version', async () => {
    const help = await run('--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: oellm <command>');
    expect(help.stdout).toContain('languages');
    expect(await run('--version')).toEqual({ exitCode: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('exits 2 with a hint for no command, an unknown command or an unknown option', async () => {
    expect((await run()).exitCode).toBe(2);
    const unknown = await run('langauges');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'langauges'. Did you mean 'languages'?");
    expect(unknown.stderr).toContain('oellm --help');
    const badOption = await run('languages', '--jsn');
    expect(badOption.exitCode).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--jsn'");
    expect(badOption.stderr).not.toContain('    at ');
  });
});

describe('oellm languages', () => {
  it('lists at least 37 languages as JSON, with the FLORES-200 codes of the 24 EU languages', async () => {
    const { exitCode, stdout } = await run('languages', '--json');
    expect(exitCode).toBe(0);
    const languages = JSON.parse(stdout) as Array<{ code: string; flores200: string | null; group: string; nativeName: string }>;
    expect(languages.length).toBeGreaterThanOrEqual(37);
    const eu = languages.filter((language) => language.group === 'eu-official');
    expect(eu).toHaveLength(24);
    for (const language of eu) expect(language.flores200).toMatch(/^[a-z]{3}_[A-Z][a-z]{3}$/);
    const flores = Object.fromEntries(languages.map((language) => [language.code, language.flores200]));
    expect(flores).toMatchObject({ lv: 'lvs_Latn', ga: 'gle_Latn', mt: 'mlt_Latn', el: 'ell_Grek', bg: 'bul_Cyrl' });
  });

  it('prints a table with native names and a total', async () => {
    const { exitCode, stdout } = await run('languages');
    expect(exitCode).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^code\s+639-1\s+639-3\s+script\s+FLORES-200/);
    expect(stdout).toMatch(/^mt\s+mt\s+mlt\s+Latn\s+mlt_Latn\s+Maltese\s+Malti\s+eu-official$/m);
    expect(stdout).toContain('ქართული');
    expect(stdout).toMatch(/\d+ languages \(24 official EU languages\)/);
  });

  it('has --help', async () => {
    const { exitCode, stdout } = await run('languages', '--help');
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Usage: oellm languages [--json]');
  });
});
