// Worker thread entry (dist/encode-worker.js): loads the model and encodes one chunk of texts.
import { parentPort, workerData } from 'node:worker_threads';
import { parseModel } from '../model/model-file.js';
import type { EncodeRequest, EncodeResponse } from './encode-on-workers.js';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer.js';

const request = workerData as EncodeRequest;
let response: EncodeResponse;
try {
  const tokenizer = new SentencePieceTokenizer(parseModel(request.modelBytes), { threads: 0 });
  response = { ids: request.texts.map((text) => tokenizer.encode(text)) };
} catch (error) {
  response = { error: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(response, response.ids?.map((ids) => ids.buffer as ArrayBuffer) ?? []);
