/** Receives one piece of a segmentation: `normalized[start, end)` with vocabulary id `id`. */
export type PieceSink = (start: number, end: number, id: number) => void;

/** Splits normalised UTF-8 into pieces (the model-specific half of SentencePiece's Encode). */
export interface SegmentEncoder {
  encode(normalized: Uint8Array, sink: PieceSink): void;
}
