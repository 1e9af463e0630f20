/** The layer number in `blk.N.…` names, or -1 (sscanf("blk.%d.") semantics). */
export function layerOf(name: string): number {
  const match = /^blk\.([+-]?\d+)\./.exec(name);
  return match ? Number.parseInt(match[1]!, 10) : -1;
}

/**
 * llama.cpp's weight_name_comparer: tensors sorted by layer number, then by name (byte order).
 * llama-quantize processes and writes tensors in this order, and its per-layer rules count in it.
 */
export function compareTensorNames(left: string, right: string): number {
  const leftLayer = layerOf(left);
  const rightLayer = layerOf(right);
  if (leftLayer !== rightLayer) return leftLayer - rightLayer;
  return left < right ? -1 : left > right ? 1 : 0;
}
