// A whole line in one call: normalise the raw UTF-8 (unigram-normalizer.ts), run the Viterbi over
// the whole normalised text from path score 0 (unigram-viterbi.ts, exactly what spm's
// EncodeOptimized does, so no per-word reasoning is needed), and write the ids as
// SentencePieceProcessor::PopulateSentencePieceText reports them (sentencepiece-tokenizer.ts's
// collect): unknown pieces merged, or spelled as byte pieces with byte fallback.
import { backtrack, forward } from './unigram-viterbi';
import { isUnknownId, normalize } from './unigram-normalizer';

let normalized: usize = 0;
let normalizedCapacity: i32 = 0;
let bestScore: usize = 0;
let bestStart: usize = 0;
let bestId: usize = 0;
/** The 256 byte pieces' ids (int32), for byte fallback; 0 when the model has none. */
let byteIds: usize = 0;

/** Sets the buffers (the host grows them): `capacity` normalised bytes, and best scores, starts, ids for capacity + 1 positions. */
export function setLineBuffers(normalizedPointer: usize, capacity: i32, bestScorePointer: usize, bestStartPointer: usize, bestIdPointer: usize, byteIdsPointer: usize): void {
  normalized = normalizedPointer;
  normalizedCapacity = capacity;
  bestScore = bestScorePointer;
  bestStart = bestStartPointer;
  bestId = bestIdPointer;
  byteIds = byteIdsPointer;
}

/**
 * Encodes the `size` raw UTF-8 bytes at `input`: returns the number of ids, written (int32) over
 * the best ids' buffer, or -1 when the normalised text needs more room than `capacity` (the host
 * grows the buffers and calls again), -2 when the charsmap is broken (see normalize).
 */
export function encodeLine(input: usize, size: i32): i32 {
  const length = normalize(input, size, normalized, normalizedCapacity);
  if (length <= 0) return length;
  forward(normalized, length, 0, 0, bestScore, bestStart, bestId);
  const ends = bestScore;
  const count = backtrack(length, bestScore, bestStart);
  // Ids go over bestId: the piece ending at `endsAt` is read before any id is written at or past
  // its start, and later pieces end further on.
  const ids = bestId;
  let idCount: i32 = 0;
  let previousIsUnknown = false;
  for (let index = count - 1; index >= 0; index--) {
    const endsAt = load<i32>(ends + (<usize>index << 2));
    const id = load<i32>(bestId + (<usize>endsAt << 2));
    if (!isUnknownId(id)) {
      store<i32>(ids + (<usize>idCount << 2), id);
      idCount++;
      previousIsUnknown = false;
    } else if (byteIds != 0) {
      for (let at = load<i32>(bestStart + (<usize>endsAt << 2)); at < endsAt; at++) {
        store<i32>(ids + (<usize>idCount << 2), load<i32>(byteIds + (<usize>load<u8>(normalized + <usize>at) << 2)));
        idCount++;
      }
      previousIsUnknown = true;
    } else {
      if (!previousIsUnknown) {
        store<i32>(ids + (<usize>idCount << 2), id);
        idCount++;
      }
      previousIsUnknown = true;
    }
  }
  return idCount;
}
