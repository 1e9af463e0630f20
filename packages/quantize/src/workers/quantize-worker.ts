// Worker entry (built to dist/quantize-worker.js): quantises row chunks sent by the pool. Source
// and output are views on shared memory, so nothing is copied through the message channel.
import { parentPort } from 'node:worker_threads';
import { quantizeRowsInto } from '../types/define-quant-type.js';
import { getQuantType } from '../types/quant-type-registry.js';
import { measureQuantizationError } from '../types/quantization-error.js';

export interface QuantizeTask {
  id: number;
  typeName: string;
  source: Float32Array;
  rows: number;
  columns: number;
  /** Where the packed rows go (a view on the pool's shared output). */
  out: Uint8Array;
  importance?: Float32Array | undefined;
  /** Also measure the error of the chunk (dequantised here, in parallel, not on the main thread). */
  measure: boolean;
}

parentPort?.on('message', (task: QuantizeTask) => {
  try {
    const type = getQuantType(task.typeName);
    quantizeRowsInto(type, task.source, task.rows, task.columns, task.out, task.importance);
    const errors = task.measure ? measureQuantizationError(type, task.source, task.out, task.rows, task.columns) : {};
    parentPort!.postMessage({ id: task.id, ...errors });
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
