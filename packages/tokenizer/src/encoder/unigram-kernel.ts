// The host side of the WebAssembly Unigram Viterbi (kernels/unigram-viterbi.ts, AssemblyScript).
// The kernel runs UnigramEncoder's loop over the same trie and score terms with WebAssembly's
// native float32/float64 arithmetic, so its pieces are the JavaScript Viterbi's, bit for bit
// (test/unigram-kernel.test.ts compares both, and both with spm_encode).
import type { Segmentation } from './segment-encoder.js';
import { unigramKernelBase64 } from './unigram-kernel.generated.js';

// The part of the WebAssembly API used here: the repository's TypeScript libraries (ES2023, no DOM)
// do not declare the global.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const webAssembly = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** What the kernel exports; pointers are byte offsets into its memory. */
interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapStart(): number;
  setModel(units: number, payloads: number, terms: number, unknownScore: number, unknownId: number, largestTerm: number): void;
  viterbi(input: number, size: number, seed: number, measure: number, bestScore: number, bestStart: number, bestId: number, outIds: number, outLengths: number, outScores: number): number;
  smallestMargin(): number;
  largestMagnitude(): number;
}

let compiled: object | undefined;

/** Whether this runtime can run the kernel (every Node.js can; a runtime without WebAssembly uses the JavaScript Viterbi). */
export const unigramKernelAvailable = webAssembly !== undefined;

const pageBytes = 65536;
const align = (value: number, to: number): number => Math.ceil(value / to) * to;

/**
 * One model's Viterbi in its own WebAssembly instance: the trie's nodes and the score terms are
 * copied into the instance's memory once; each call copies the normalised bytes in and the pieces
 * out. An instance per model (about 2 MB of memory for a 32,000-piece model, plus about 29 bytes per
 * byte of the longest text), used by one thread.
 *
 * @example
 * ```ts
 * const kernel = new UnigramKernel(trie.units, terms, unknownScore, unknownId, largestTerm);
 * kernel.segment(normalized, 0, normalized.length, out, 0, false, terms);
 * ```
 */
export class UnigramKernel {
  private readonly exports: KernelExports;
  /** First byte of the per-call buffers (after the trie and the terms). */
  private readonly workStart: number;
  private capacity = 0;
  private input!: Uint8Array;
  private outIds!: Int32Array;
  private outLengths!: Int32Array;
  private outScores!: Float64Array;
  private inputPointer = 0;
  private bestScorePointer = 0;
  private bestStartPointer = 0;
  private bestIdPointer = 0;
  private outIdsPointer = 0;
  private outLengthsPointer = 0;
  private outScoresPointer = 0;

  constructor(units: Int32Array, terms: Float64Array, unknownScore: number, unknownId: number, largestTerm: number) {
    if (!webAssembly) throw new Error('WebAssembly is not available in this runtime');
    compiled ??= new webAssembly.Module(Buffer.from(unigramKernelBase64, 'base64'));
    this.exports = new webAssembly.Instance(compiled, {}).exports as KernelExports;
    // The kernel's trie layout (see kernels/unigram-viterbi.ts): base with a has-piece bit and
    // check per node, then id and score per node.
    const nodeCount = units.length / 4;
    const unitsPointer = align(this.exports.heapStart(), 16);
    const payloadsPointer = unitsPointer + nodeCount * 8;
    const termsPointer = align(payloadsPointer + nodeCount * 8, 16);
    this.workStart = align(termsPointer + terms.byteLength, 16);
    this.grow(this.workStart);
    const heap = this.exports.memory.buffer;
    const kernelUnits = new Int32Array(heap, unitsPointer, nodeCount * 2);
    const kernelPayloads = new Int32Array(heap, payloadsPointer, nodeCount * 2);
    for (let node = 0; node < nodeCount; node++) {
      const id = units[node * 4 + 2]!;
      kernelUnits[node * 2] = id >= 0 ? units[node * 4]! | 0x80000000 : units[node * 4]!;
      kernelUnits[node * 2 + 1] = units[node * 4 + 1]!;
      kernelPayloads[node * 2] = id;
      kernelPayloads[node * 2 + 1] = units[node * 4 + 3]!;
    }
    new Float64Array(heap, termsPointer, terms.length).set(terms);
    this.exports.setModel(unitsPointer, payloadsPointer, termsPointer, unknownScore, unknownId, largestTerm);
    this.reserve(1024);
  }

  /** Grows the instance's memory to at least `end` bytes (this detaches earlier views). */
  private grow(end: number): void {
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / pageBytes));
  }

  /** Makes the per-call buffers hold texts of `size` bytes. */
  private reserve(size: number): void {
    const capacity = Math.max(size, this.capacity * 2);
    const positions = align((capacity + 1) * 4, 16);
    this.inputPointer = this.workStart;
    this.bestScorePointer = this.inputPointer + align(capacity, 16);
    this.bestStartPointer = this.bestScorePointer + positions;
    this.bestIdPointer = this.bestStartPointer + positions;
    this.outIdsPointer = this.bestIdPointer + positions;
    this.outLengthsPointer = this.outIdsPointer + positions;
    this.outScoresPointer = this.outLengthsPointer + positions;
    this.grow(this.outScoresPointer + positions * 2);
    const heap = this.exports.memory.buffer;
    this.input = new Uint8Array(heap, this.inputPointer, capacity);
    this.outIds = new Int32Array(heap, this.outIdsPointer, capacity);
    this.outLengths = new Int32Array(heap, this.outLengthsPointer, capacity);
    this.outScores = new Float64Array(heap, this.outScoresPointer, capacity);
    this.capacity = capacity;
  }

  /**
   * Appends the best segmentation of `normalized[start, end)` from path score `seed` to `out`,
   * with each piece's term from `terms`, as UnigramEncoder.segment does.
   */
  segment(normalized: Uint8Array, start: number, end: number, out: Segmentation, seed: number, measure: boolean, terms: Float64Array): void {
    const size = end - start;
    if (size > this.capacity) this.reserve(size);
    const input = this.input;
    // Short ranges (words) byte by byte: cheaper than creating a subarray for set().
    if (size < 64) for (let index = 0; index < size; index++) input[index] = normalized[start + index]!;
    else input.set(normalized.subarray(start, end));
    const count = this.exports.viterbi(this.inputPointer, size, seed, measure ? 1 : 0, this.bestScorePointer, this.bestStartPointer, this.bestIdPointer, this.outIdsPointer, this.outLengthsPointer, this.outScoresPointer);
    out.reserve(count);
    const at = out.count;
    if (count > 16) {
      // Long texts: three memory copies out of the module.
      out.ids.set(this.outIds.subarray(0, count), at);
      out.lengths.set(this.outLengths.subarray(0, count), at);
      out.scores.set(this.outScores.subarray(0, count), at);
    } else {
      // Words: element by element, cheaper than creating three subarrays.
      const outIds = out.ids;
      const outLengths = out.lengths;
      const outScores = out.scores;
      const kernelIds = this.outIds;
      const kernelLengths = this.outLengths;
      const kernelScores = this.outScores;
      for (let index = 0; index < count; index++) {
        outIds[at + index] = kernelIds[index]!;
        outLengths[at + index] = kernelLengths[index]!;
        outScores[at + index] = kernelScores[index]!;
      }
    }
    out.count = at + count;
  }

  /** After a call with `measure`: the smallest margin of any comparison (see UnigramEncoder). */
  get smallestMargin(): number {
    return this.exports.smallestMargin();
  }

  /** After a call with `measure`: an upper bound of every |candidate path score|. */
  get largestMagnitude(): number {
    return this.exports.largestMagnitude();
  }
}
