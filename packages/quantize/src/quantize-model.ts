import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { createManifest, createProgressThrottle, describeFile, InputError, writeManifest, type ProgressListener } from '@oellm/core';
import { quantizePackage } from './package-version.js';
import { openGguf, type GgufReader, type GgufTensorInfo } from './gguf/gguf-reader.js';
import { createGgufWriter } from './gguf/gguf-writer.js';
import { GgufValueType } from './gguf/gguf-value-type.js';
import { ggmlTypeByName } from './ggml/ggml-types.js';
import { chooseTensorTypes, type ChooseTensorTypesOptions, type TensorTypeChoice } from './recipes/choose-tensor-types.js';
import { getFileType, type FileType } from './recipes/file-types.js';
import { dequantizeTensor } from './types/dequantize-tensor.js';
import { createQuantizePool, type QuantizePoolOptions } from './workers/quantize-pool.js';
import { createWeightArena } from './workers/weight-arena.js';

/** ggml's GGML_QNT_VERSION, written as general.quantization_version. */
const quantizationVersion = 2;

/**
 * Options of {@link quantizeModel}.
 *
 * @example
 * ```ts
 * import type { QuantizeModelOptions } from '@oellm/quantize';
 * const options: QuantizeModelOptions = { input: 'model-f32.gguf', output: 'model-Q4_K_M.gguf', fileType: 'Q4_K_M', threads: 2 };
 * ```
 */
export interface QuantizeModelOptions extends ChooseTensorTypesOptions {
  input: string;
  output: string;
  /** A llama-quantize file type: Q8_0, Q6_K, Q5_K_M, Q4_K_M, … */
  fileType: string;
  /** Importance per tensor name (one value per column), keyed by GGUF tensor name. */
  importance?: ReadonlyMap<string, Float32Array>;
  /** Worker threads (0 = this thread). See {@link QuantizePoolOptions}. */
  threads?: number;
  workerUrl?: URL;
  /** Write `OUTPUT.manifest.json` (inputs and output with sha256, recipe, counts). Default true. */
  manifest?: boolean;
  /**
   * Allow re-quantising tensors that are already quantised (dequantised first). Off by default, as
   * in llama-quantize (`--allow-requantize`): quality suffers compared with quantising the original.
   */
  allowRequantize?: boolean;
  /** The files the manifest lists as inputs, when `input` is an intermediate (e.g. converted from safetensors). */
  manifestInputs?: string[];
  /** Compute RMSE and maximum error of every quantised tensor (dequantises each once). Default true. */
  measureErrors?: boolean;
  onProgress?: ProgressListener;
}

/**
 * What happened to one tensor.
 *
 * @example
 * ```ts
 * import type { TensorQuantizationReport } from '@oellm/quantize';
 * const line = (tensor: TensorQuantizationReport) => `${tensor.name}: ${tensor.type} ${tensor.bitsPerWeight.toFixed(2)} bpw`;
 * ```
 */
export interface TensorQuantizationReport extends TensorTypeChoice {
  shape: number[];
  elements: number;
  sourceBytes: number;
  bytes: number;
  bitsPerWeight: number;
  /** Root mean square error against the source weights (0 when copied unchanged). */
  rootMeanSquareError?: number;
  maximumError?: number;
  importance: boolean;
}

/**
 * The whole run: per-tensor reports in file order and totals.
 *
 * @example
 * ```ts
 * import type { QuantizeModelReport } from '@oellm/quantize';
 * const summary = (report: QuantizeModelReport) => `${report.fileType} ${report.totals.bitsPerWeight.toFixed(2)} bpw`;
 * ```
 */
export interface QuantizeModelReport {
  input: string;
  output: string;
  fileType: string;
  fileTypeId: number;
  tensors: TensorQuantizationReport[];
  /** The manifest written beside the output, if any. */
  manifest?: string;
  totals: { tensors: number; elements: number; sourceBytes: number; bytes: number; bitsPerWeight: number; fallbacks: number };
}

/**
 * Quantises a GGUF model with a llama-quantize recipe: the same type per tensor as
 * llama_model_quantize, the same tensor order and metadata, bytes identical to ggml's quantizers.
 * Tensors stream through a pipeline (peak memory about the largest tensor plus two of its quantised
 * forms; worker threads read the weights in shared memory, without copies);
 * the output appears only when complete.
 *
 * @example
 * ```ts
 * import { quantizeModel } from '@oellm/quantize';
 * const report = await quantizeModel({ input: 'model-f32.gguf', output: 'model-Q4_K_M.gguf', fileType: 'Q4_K_M' });
 * console.log(report.totals.bitsPerWeight);
 * ```
 */
export async function quantizeModel(options: QuantizeModelOptions): Promise<QuantizeModelReport> {
  const startedAt = Date.now();
  const fileType = getFileType(options.fileType);
  const reader = await openGguf(options.input);
  const pool = createQuantizePool({ threads: options.threads ?? 0, ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}) });
  const progress = createProgressThrottle(options.onProgress);
  const writer = createGgufWriter(options.output, { alignment: reader.alignment });
  let writing: Promise<void> = Promise.resolve();
  try {
    const choices = chooseTensorTypes(reader.tensors, reader.metadata, fileType, options);
    copyMetadata(reader, writer, fileType);
    const planned: PlannedTensor[] = choices.map((choice) => {
      const info = reader.tensor(choice.name);
      const layout = ggmlTypeByName(choice.type)!;
      const byteLength = (info.elementCount / layout.blockSize) * layout.bytesPerBlock;
      return { choice, info, target: { name: info.name, shape: info.shape, type: layout.name, byteLength } };
    });
    writer.declareTensors(planned.map((entry) => entry.target));

    progress({ type: 'start', task: 'quantize', unit: 'tensors', total: planned.length, label: `quantize ${fileType.name}` });
    const reports: TensorQuantizationReport[] = [];
    let bytesDone = 0;
    // A pipeline: the next tensor is read and the previous one written while the workers quantize
    // the current one. F32 weights are read straight into a shared arena of one largest tensor
    // (read-ahead only when it fits), packed bytes go to two alternating output buffers: peak
    // memory is about one largest tensor plus two of its quantised forms, whatever the model size.
    const quantizedFromF32 = (entry: PlannedTensor): boolean => entry.info.type === 'F32' && entry.choice.type !== 'F32';
    const arena = createWeightArena(pool.allocateWeights, planned.reduce((largest, entry) => (quantizedFromF32(entry) ? Math.max(largest, entry.info.byteLength) : largest), 0));
    const outputBytes = planned.reduce((largest, entry) => (entry.choice.type === entry.info.type ? largest : Math.max(largest, entry.target.byteLength)), 0);
    const outputs = [pool.allocateWeights(outputBytes), pool.allocateWeights(outputBytes)];
    const startRead = (entry: PlannedTensor): Promise<Uint8Array> | undefined => {
      const target = quantizedFromF32(entry) ? arena.tryTake(entry.info.byteLength) : new Uint8Array(entry.info.byteLength);
      return target && settledLater(reader.readInto(entry.info.name, target));
    };
    let nextRead = planned.length > 0 ? startRead(planned[0]!) : undefined;
    try {
      for (let index = 0; index < planned.length; index++) {
        const entry = planned[index]!;
        const stored = await (nextRead ?? startRead(entry)!);
        const next = planned[index + 1];
        nextRead = next && startRead(next);
        const report = await quantizeTensor(entry.info, stored, entry.choice, pool, outputs[index % 2]!, options);
        if (quantizedFromF32(entry)) arena.releaseOldest();
        if (next && !nextRead) nextRead = startRead(next);
        // One write in flight: the output buffer it reads is not reused until the tensor after next.
        await writing;
        writing = settledLater(writer.writeTensor(entry.target, report.data));
        reports.push(report.summary);
        bytesDone += entry.info.byteLength;
        progress({ type: 'advance', task: 'quantize', completed: reports.length, total: planned.length, secondary: { unit: 'bytes', completed: bytesDone } });
      }
      await writing;
    } finally {
      // Whatever happened, no read is left running on the handle about to be closed.
      await nextRead?.catch(() => undefined);
    }
    progress({ type: 'end', task: 'quantize' });
    await writer.close();
    const elements = reports.reduce((sum, tensor) => sum + tensor.elements, 0);
    const bytes = reports.reduce((sum, tensor) => sum + tensor.bytes, 0);
    const report: QuantizeModelReport = {
      input: options.input,
      output: options.output,
      fileType: fileType.name,
      fileTypeId: fileType.id,
      tensors: reports,
      totals: {
        tensors: reports.length,
        elements,
        sourceBytes: reports.reduce((sum, tensor) => sum + tensor.sourceBytes, 0),
        bytes,
        bitsPerWeight: elements === 0 ? 0 : (bytes * 8) / elements,
        fallbacks: reports.filter((tensor) => tensor.fallback).length,
      },
    };
    if (options.manifest !== false) {
      report.manifest = `${options.output}.manifest.json`;
      await writeManifest(report.manifest, createManifest({
        kind: 'quantized-model',
        name: options.output,
        startedAt,
        producer: quantizePackage,
        parameters: {
          fileType: fileType.name,
          overrides: (options.overrides ?? []).map((override) => `${override.pattern}=${override.type}`),
          importance: options.importance !== undefined,
        },
        inputs: await Promise.all((options.manifestInputs ?? [options.input]).map((path) => describeFile(path, { role: 'model' }))),
        outputs: [await describeFile(options.output, { relativeTo: dirname(options.output), role: 'gguf' })],
        counts: { tensors: reports.length, weights: elements, bytes, fallbacks: report.totals.fallbacks },
      }));
    }
    return report;
  } catch (error) {
    await writing.catch(() => undefined);
    await writer.abort(error);
    throw error;
  } finally {
    await pool.close();
    await reader.close();
  }
}

interface PlannedTensor {
  choice: TensorTypeChoice;
  info: GgufTensorInfo;
  target: { name: string; shape: readonly number[]; type: string; byteLength: number };
}

/** llama.cpp copies every key, then sets the quantisation version and file type (moving them last). */
function copyMetadata(reader: GgufReader, writer: ReturnType<typeof createGgufWriter>, fileType: FileType): void {
  for (const [key, entry] of reader.entries) writer.setMetadataEntry(key, entry);
  for (const key of ['general.quantization_version', 'general.file_type']) writer.deleteMetadata(key);
  writer.setMetadata('general.quantization_version', quantizationVersion, GgufValueType.UINT32);
  writer.setMetadata('general.file_type', fileType.id, GgufValueType.UINT32);
  for (const key of ['split.no', 'split.count', 'split.tensors.count']) writer.deleteMetadata(key);
}

/** `promise`, marked as handled so that a failure surfaces where it is awaited, not as an unhandled rejection. */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

const littleEndian = endianness() === 'LE';

async function quantizeTensor(
  info: GgufTensorInfo,
  stored: Uint8Array,
  choice: TensorTypeChoice,
  pool: ReturnType<typeof createQuantizePool>,
  out: Uint8Array,
  options: QuantizeModelOptions,
): Promise<{ data: Uint8Array; summary: TensorQuantizationReport }> {
  const base = {
    ...choice,
    shape: [...info.shape],
    elements: info.elementCount,
    sourceBytes: info.byteLength,
  };
  if (choice.type === info.type) {
    return { data: stored, summary: { ...base, bytes: stored.byteLength, bitsPerWeight: (stored.byteLength * 8) / info.elementCount, importance: false, ...(options.measureErrors === false ? {} : { rootMeanSquareError: 0, maximumError: 0 }) } };
  }
  if (!['F32', 'F16', 'BF16'].includes(info.type) && !options.allowRequantize) {
    throw new InputError({
      code: 'requantize_refused',
      message: `tensor '${info.name}' is already ${info.type}; re-quantising loses quality. Quantise the original F32/F16/BF16 model, or pass allowRequantize (--allow-requantize) to do it anyway`,
      location: { file: options.input, field: info.name },
    });
  }
  // F32 weights are used where they were read (shared memory the workers see), not copied.
  const weights = info.type === 'F32' && littleEndian && stored.byteOffset % 4 === 0
    ? new Float32Array(stored.buffer, stored.byteOffset, info.elementCount)
    : dequantizeTensor(info, stored);
  const columns = info.shape[0] ?? 1;
  const rows = info.elementCount / columns;
  let importance = options.importance?.get(info.name);
  if (importance && importance.length !== columns) {
    if (choice.name !== 'token_embd.weight') {
      throw new InputError({ code: 'importance_size', message: `the importance matrix has ${importance.length} values for ${info.name}, whose rows have ${columns}; it was made for another model` });
    }
    importance = undefined;
  }
  const summary = (data: Uint8Array): TensorQuantizationReport => ({ ...base, bytes: data.byteLength, bitsPerWeight: (data.byteLength * 8) / info.elementCount, importance: importance !== undefined });
  if (options.measureErrors === false) {
    const data = await pool.quantize(choice.type, weights, rows, columns, importance, { out });
    return { data, summary: summary(data) };
  }
  // The workers measure the error of their chunks as they go (no second pass on this thread).
  const measured = await pool.quantizeMeasured(choice.type, weights, rows, columns, importance, { out });
  return {
    data: measured.packed,
    summary: {
      ...summary(measured.packed),
      rootMeanSquareError: Math.sqrt(measured.squaredErrorSum / Math.max(1, weights.length)),
      maximumError: measured.maximumError,
    },
  };
}
