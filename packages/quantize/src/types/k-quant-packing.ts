// Shared packing of the 256-weight super-blocks (QK_K) of ggml's K-quants.

/** ggml's get_scale_min_k4: the 6-bit scale and minimum of sub-block `j` from the 12 packed bytes. */
export function scaleMinK4(j: number, data: Uint8Array, offset: number, result: Uint8Array): void {
  if (j < 4) {
    result[0] = data[offset + j]! & 63;
    result[1] = data[offset + j + 4]! & 63;
  } else {
    result[0] = (data[offset + j + 4]! & 0xf) | ((data[offset + j - 4]! >> 6) << 4);
    result[1] = (data[offset + j + 4]! >> 4) | ((data[offset + j]! >> 6) << 4);
  }
}
