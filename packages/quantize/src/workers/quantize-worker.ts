// Worker entry (built to dist/quantize-worker.js): quantises row chunks sent by the pool.
import { parentPort } from 'node:worker_threads';
import { getQuantType } from '../types/quant-type-registry.js';

export interface QuantizeTask {
  id: number;
  typeName: string;
  source: Float32Array;
  rows: number;
  columns: number;
  importance?: Float32Array;
}

parentPort?.on('message', (task: QuantizeTask) => {
  try {
    const packed = getQuantType(task.typeName).quantizeRows(task.source, task.rows, task.columns, task.importance);
    parentPort!.postMessage({ id: task.id, packed }, [packed.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
