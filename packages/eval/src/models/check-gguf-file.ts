import { open } from 'node:fs/promises';
import { InputError } from '@oellm/core';

/**
 * Checks that `path` exists and starts with the GGUF magic and a supported version before llama.cpp
 * sees it, so a wrong or empty file gets an error that says what to do instead of a native crash.
 *
 * @example
 * ```ts
 * await checkGgufFile('model.gguf'); // throws InputError for 'model.safetensors'
 * ```
 */
export async function checkGgufFile(path: string): Promise<{ size: number; version: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new InputError({ code: 'model_not_found', message: 'cannot open the model file; check the --model path', location: { file: path }, cause });
  }
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    if (bytesRead < 8 || header.toString('latin1', 0, 4) !== 'GGUF') {
      throw new InputError({
        code: 'not_gguf',
        message: 'is not a GGUF file (no "GGUF" magic at offset 0); convert the model to GGUF, for example with `oellm quantize`',
        location: { file: path, offset: 0 },
      });
    }
    const version = header.readUInt32LE(4);
    if (version < 2 || version > 3) {
      throw new InputError({ code: 'unsupported_gguf_version', message: `has GGUF version ${version}; llama.cpp reads versions 2 and 3`, location: { file: path, offset: 4 } });
    }
    return { size, version };
  } finally {
    await handle.close();
  }
}
