// Entry of the WebAssembly Unigram kernel (AssemblyScript), compiled by scripts/build-kernels.mjs.
// unigram-viterbi.ts is src/encoder/unigram-encoder.ts's `segment` loop, operation for operation,
// over a copy of the same double-array trie in a denser layout (8-byte nodes): the host copies the
// trie and the score terms into this module's memory once per model, then per call the normalised
// bytes, and reads the pieces back. WebAssembly has native float32 and float64, so the arithmetic
// is spm's as written: a piece's term (float32 score, or a double for a user-defined piece) plus the
// float32 path score, compared in double, stored as float32. unigram-normalizer.ts and
// unigram-line.ts add the normaliser and the id output, so that a raw line goes in and its ids
// come out in one call.
export { setModel, viterbi, smallestMargin, largestMagnitude, heapStart } from './unigram-viterbi';
export { setNormalizer, normalize } from './unigram-normalizer';
export { setLineBuffers, encodeLine } from './unigram-line';
