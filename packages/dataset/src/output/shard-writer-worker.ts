// Worker thread entry: writes one shard file at a time (compression and I/O off the main thread).
import { parentPort } from 'node:worker_threads';
import { fromTransferableBatch, type TransferableBatch } from '../arrow/transferable-batch.js';
import { openShardFile, type OutputFormat, type ShardFileWriter } from './shard-file-writer.js';

/** What the main thread asks the worker to do. */
export type ShardWorkerCommand =
  | { type: 'open'; format: OutputFormat; path: string; zstdLevel?: number }
  | { type: 'write'; batch: TransferableBatch }
  | { type: 'close' }
  | { type: 'abort' };

/** A command with its id, echoed in the reply. */
export type ShardWorkerRequest = ShardWorkerCommand & { id: number };

let writer: ShardFileWriter | undefined;

parentPort?.on('message', async (request: ShardWorkerRequest) => {
  try {
    if (request.type === 'open') writer = await openShardFile(request.format, request.path, { threads: 0, ...(request.zstdLevel === undefined ? {} : { zstdLevel: request.zstdLevel }) });
    else if (request.type === 'write') await writer!.write(fromTransferableBatch(request.batch));
    else if (request.type === 'close') await writer!.close();
    else await writer?.abort();
    parentPort!.postMessage({ id: request.id, ok: true });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, ok: false, message: (error as Error).message, stack: (error as Error).stack });
  }
});
