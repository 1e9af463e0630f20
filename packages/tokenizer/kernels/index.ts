// Entry of the WebAssembly Unigram Viterbi kernel (AssemblyScript), compiled by
// scripts/build-kernels.mjs. It is src/encoder/unigram-encoder.ts's `segment` loop, operation for
// operation, over a copy of the same double-array trie in a denser layout (8-byte nodes, see
// unigram-viterbi.ts): the host copies the trie and the score terms into this module's memory once
// per model, then per call the normalised bytes, and reads the pieces back. WebAssembly has native
// float32 and float64, so the arithmetic is spm's as written: a piece's term (float32 score, or a
// double for a user-defined piece) plus the float32 path score, compared in double, stored as float32.
export { setModel, viterbi, smallestMargin, largestMagnitude, heapStart } from './unigram-viterbi';
