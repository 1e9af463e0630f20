// The host side of the WebAssembly Unigram Viterbi (kernels/unigram-viterbi.ts, AssemblyScript).
// The kernel runs UnigramEncoder's loop over the same trie and score terms with WebAssembly's
// native float32/float64 arithmetic, so its pieces are the JavaScript Viterbi's, bit for bit
// (test/unigram-kernel.test.ts compares both, and both with spm_encode). With the normaliser's
// tables copied in too (enableLines), a raw line goes in and its ids come out in one call
// (kernels/unigram-line.ts).
import type { NormalizerTables } from '../normalizer/normalizer.js';
import { utf8Encoder } from '../normalizer/utf8.js';
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
  setNormalizer(units: number, unitCount: number, strings: number, stringsLength: number, lead: number, followers: number, characters: number, flagsOfIds: number, flags: number): void;
  setLineBuffers(normalized: number, capacity: number, bestScore: number, bestStart: number, bestId: number, byteIds: number): void;
  encodeLine(input: number, size: number): number;
}

/** What {@link UnigramKernel.enableLines} needs besides the normaliser: per id, whether it is unknown or user-defined; the byte pieces' ids. */
export interface LineVocabulary {
  /** 1 for ids spm reports as unknown (merged, or spelled as bytes with byte fallback). */
  isUnknown: Uint8Array;
  /** 1 for user-defined pieces. */
  isUserDefined: Uint8Array;
  /** The 256 byte pieces' ids, when the model falls back to bytes. */
  byteIds: Int32Array | undefined;
}

let compiled: object | undefined;

/** Whether this runtime can run the kernel (every Node.js can; a runtime without WebAssembly uses the JavaScript Viterbi). */
export const unigramKernelAvailable = webAssembly !== undefined;

const pageBytes = 65536;
const align = (value: number, to: number): number => Math.ceil(value / to) * to;

/**
 * One model's Viterbi in its own WebAssembly instance: the trie's nodes and the score terms are
 * copied into the instance's memory once; each call copies the normalised bytes in and the pieces
 * out. An instance per model (about 2 MB of memory for a 32,000-piece model, plus about 30 bytes per
 * byte of the longest text segmented, or 56 per byte of the longest line encoded), used by one
 * thread.
 *
 * @example
 * ```ts
 * const kernel = new UnigramKernel(trie.units, terms, unknownScore, unknownId, largestTerm);
 * kernel.segment(normalized, 0, normalized.length, out, 0, false, terms);
 * ```
 */
export class UnigramKernel {
  private readonly exports: KernelExports;
  /** First byte of the per-call buffers (after the trie, the terms and, with lines, the normaliser's tables). */
  private workStart: number;
  /** Input bytes the buffers hold; the normalised text and the best-path arrays hold `normalizedCapacity`. */
  private capacity = 0;
  private normalizedCapacity = 0;
  private linesEnabled = false;
  private byteIdsPointer = 0;
  private lineIds!: Uint32Array;
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
    this.reserve(1024, 0);
  }

  /**
   * Copies the normaliser's tables and what the id output needs into the instance, after which
   * {@link encodeText} and {@link encodeRange} work. Once per model.
   */
  enableLines(normalizer: NormalizerTables, vocabulary: LineVocabulary): void {
    const { charsmapUnits, replacements, plainLead, asciiFollowers, plainCharacters } = normalizer;
    const charsmapPointer = this.workStart;
    const stringsPointer = align(charsmapPointer + charsmapUnits.byteLength, 16);
    const leadPointer = align(stringsPointer + replacements.byteLength, 16);
    const followersPointer = leadPointer + 256;
    const charactersPointer = plainCharacters ? align(followersPointer + asciiFollowers.byteLength, 16) : 0;
    const flagsPointer = align((plainCharacters ? charactersPointer + plainCharacters.byteLength : followersPointer + asciiFollowers.byteLength), 16);
    const size = vocabulary.isUnknown.length;
    this.byteIdsPointer = vocabulary.byteIds ? align(flagsPointer + size, 16) : 0;
    this.workStart = align((vocabulary.byteIds ? this.byteIdsPointer + 1024 : flagsPointer + size), 16);
    this.grow(this.workStart);
    const heap = this.exports.memory.buffer;
    new Uint32Array(heap, charsmapPointer, charsmapUnits.length).set(charsmapUnits);
    new Uint8Array(heap, stringsPointer, replacements.length).set(replacements);
    new Uint8Array(heap, leadPointer, 256).set(plainLead);
    new Uint8Array(heap, followersPointer, asciiFollowers.length).set(asciiFollowers);
    if (plainCharacters) new Uint8Array(heap, charactersPointer, plainCharacters.length).set(plainCharacters);
    const flags = new Uint8Array(heap, flagsPointer, size);
    for (let id = 0; id < size; id++) flags[id] = vocabulary.isUnknown[id]! | (vocabulary.isUserDefined[id]! << 1);
    if (vocabulary.byteIds) new Int32Array(heap, this.byteIdsPointer, 256).set(vocabulary.byteIds);
    const optionFlags =
      (normalizer.addDummyPrefix ? 1 : 0) | (normalizer.removeExtraWhitespaces ? 2 : 0) | (normalizer.escapeWhitespaces ? 4 : 0) | (normalizer.treatWhitespaceAsSuffix ? 8 : 0) | (normalizer.hasUserDefinedSymbols ? 16 : 0);
    this.exports.setNormalizer(charsmapPointer, charsmapUnits.length, stringsPointer, replacements.length, leadPointer, followersPointer, charactersPointer, flagsPointer, optionFlags);
    this.linesEnabled = true;
    this.capacity = 0;
    this.normalizedCapacity = 0;
    this.reserve(1024, 0);
  }

  /**
   * The ids of `text` (normalised, segmented and reported as spm_encode does), or undefined when
   * the model's charsmap is broken (then the JavaScript normaliser reports where). Needs
   * {@link enableLines}.
   */
  encodeText(text: string): Uint32Array | undefined {
    // UTF-8 straight into the instance's memory: at most 3 bytes per UTF-16 unit.
    if (text.length * 3 > this.capacity) this.reserve(text.length * 3, 0);
    const { written } = utf8Encoder.encodeInto(text, this.input);
    const count = this.encodeInput(written);
    return count < 0 ? undefined : this.lineIds.slice(0, count);
  }

  /**
   * {@link encodeText} on UTF-8 bytes `bytes[start, end)`, without a copy: returns the number of
   * ids, which are the first ones of {@link lastIds} (valid until the next call), or -1 when the
   * charsmap is broken.
   */
  encodeRange(bytes: Uint8Array, start: number, end: number): number {
    const size = end - start;
    if (size > this.capacity) this.reserve(size, 0);
    this.input.set(bytes.subarray(start, end));
    return this.encodeInput(size);
  }

  /** The ids {@link encodeRange} wrote (a view into the instance's memory). */
  get lastIds(): Uint32Array {
    return this.lineIds;
  }

  private encodeInput(size: number): number {
    // The kernel's normaliser wants room for three bytes per input byte before it starts.
    if (size * 3 + 6 > this.normalizedCapacity) this.reserve(this.capacity, size * 3 + 6);
    for (;;) {
      const count = this.exports.encodeLine(this.inputPointer, size);
      if (count >= 0) return count;
      if (count === -2) return -1;
      // The normalised text needs more room than three bytes per input byte (long replacements).
      this.reserve(this.capacity, this.normalizedCapacity * 2);
    }
  }

  /** Grows the instance's memory to at least `end` bytes (this detaches earlier views). */
  private grow(end: number): void {
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / pageBytes));
  }

  /**
   * Makes the per-call buffers hold input texts of `size` bytes and normalised texts (lines) of
   * `normalizedSize` bytes; the best-path arrays cover the larger. Nothing shrinks. The input stays
   * where it is when only the normalised room grows.
   */
  private reserve(size: number, normalizedSize: number): void {
    const capacity = size > this.capacity ? Math.max(size, this.capacity * 2) : this.capacity;
    const normalizedCapacity = Math.max(normalizedSize, capacity, this.normalizedCapacity);
    const positions = align((normalizedCapacity + 1) * 4, 16);
    const outputs = align((capacity + 1) * 4, 16);
    this.inputPointer = this.workStart;
    const normalizedPointer = this.inputPointer + align(capacity, 16);
    this.bestScorePointer = normalizedPointer + (this.linesEnabled ? align(normalizedCapacity, 16) : 0);
    this.bestStartPointer = this.bestScorePointer + positions;
    this.bestIdPointer = this.bestStartPointer + positions;
    this.outIdsPointer = this.bestIdPointer + positions;
    this.outLengthsPointer = this.outIdsPointer + outputs;
    this.outScoresPointer = this.outLengthsPointer + outputs;
    this.grow(this.outScoresPointer + outputs * 2);
    const heap = this.exports.memory.buffer;
    this.input = new Uint8Array(heap, this.inputPointer, capacity);
    this.outIds = new Int32Array(heap, this.outIdsPointer, capacity);
    this.outLengths = new Int32Array(heap, this.outLengthsPointer, capacity);
    this.outScores = new Float64Array(heap, this.outScoresPointer, capacity);
    this.lineIds = new Uint32Array(heap, this.bestIdPointer, normalizedCapacity + 1);
    this.capacity = capacity;
    this.normalizedCapacity = normalizedCapacity;
    if (this.linesEnabled) this.exports.setLineBuffers(normalizedPointer, normalizedCapacity, this.bestScorePointer, this.bestStartPointer, this.bestIdPointer, this.byteIdsPointer);
  }

  /**
   * Appends the best segmentation of `normalized[start, end)` from path score `seed` to `out`,
   * with each piece's term from `terms`, as UnigramEncoder.segment does.
   */
  segment(normalized: Uint8Array, start: number, end: number, out: Segmentation, seed: number, measure: boolean, terms: Float64Array): void {
    const size = end - start;
    if (size > this.capacity) this.reserve(size, 0);
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
