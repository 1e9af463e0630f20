import { openQuarantineFile, type ManifestFile, type QuarantineRecord } from '@oellm/core';

export { openQuarantineFile, type QuarantineFile } from '@oellm/core';

/**
 * Where the records quarantined while producing `output` go: `OUTPUT.quarantine.jsonl` beside it.
 *
 * @example
 * ```ts
 * import { quarantinePathFor } from '@oellm/tokenizer';
 * quarantinePathFor('tokens/train.bin'); // 'tokens/train.bin.quarantine.jsonl'
 * ```
 */
export function quarantinePathFor(output: string): string {
  return `${output}.quarantine.jsonl`;
}


/** What {@link withQuarantine}'s work returned, with what it quarantined. */
export interface QuarantinedWork<Result> {
  result: Result;
  /** Records quarantined (0 with `strict`, where the first one stops the work instead). */
  quarantined: number;
  /** The quarantine file, when something was quarantined. */
  quarantinePath?: string;
  /** For the manifest: the quarantine file's entry and the `quarantined`, `quarantined:REASON` counts. */
  outputs: ManifestFile[];
  counts: Record<string, number>;
}

/**
 * Runs `work` with a quarantine side file at `path` (none with `strict`: then `add` is undefined
 * and bad records must stop the work); the file appears only once the work succeeded, and a
 * failed run leaves none behind.
 */
export async function withQuarantine<Result>(path: string, strict: boolean, work: (add: ((record: QuarantineRecord) => void) | undefined) => Promise<Result>): Promise<QuarantinedWork<Result>> {
  const quarantine = strict ? undefined : openQuarantineFile(path);
  let result: Result;
  try {
    result = await work(quarantine?.add);
    await quarantine?.close();
  } catch (error) {
    await quarantine?.abort();
    throw error;
  }
  const quarantined = quarantine?.count ?? 0;
  const { outputs, counts } = quarantine ? await quarantine.manifestEntries() : { outputs: [], counts: {} };
  return { result, quarantined, ...(quarantined > 0 ? { quarantinePath: path } : {}), outputs, counts: { quarantined, ...counts } };
}
