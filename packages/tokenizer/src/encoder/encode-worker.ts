// Worker thread entry (dist/encode-worker.js): loads the model once, then encodes packed chunks
// of texts until the pool terminates it.
import { parentPort, workerData } from 'node:worker_threads';
import { parseModel } from '../model/model-file.js';
import type { EncodeWorkerReply, EncodeWorkerRequest } from './encode-worker-pool.js';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer.js';

const tokenizer = new SentencePieceTokenizer(parseModel((workerData as { modelBytes: Uint8Array }).modelBytes), { threads: 0 });
parentPort?.on('message', (request: EncodeWorkerRequest) => {
  let reply: EncodeWorkerReply;
  try {
    const { ids, offsets } = tokenizer.encodePackedInline(request.texts);
    reply = { job: request.job, ids, offsets };
    parentPort!.postMessage(reply, [ids.buffer as ArrayBuffer, offsets.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { job: request.job, error: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage(reply);
  }
});
