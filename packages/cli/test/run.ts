import { runCli } from '../src/index.js';

/** Runs the CLI in-process and captures what it prints. */
export async function run(...argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), interactive: false });
  return { exitCode, stdout, stderr };
}
