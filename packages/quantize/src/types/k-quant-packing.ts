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

/** Packs eight 6-bit scales and eight 6-bit minimums into 12 bytes (Q4_K and Q5_K). */
export function packScalesMinK4(out: Uint8Array, offset: number, scales: Uint8Array, minimums: Uint8Array): void {
  for (let j = 0; j < 12; j++) out[offset + j] = 0;
  for (let j = 0; j < 8; j++) {
    const ls = scales[j]!;
    const lm = minimums[j]!;
    if (j < 4) {
      out[offset + j] = ls;
      out[offset + j + 4] = lm;
    } else {
      out[offset + j + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
      out[offset + j - 4] = out[offset + j - 4]! | ((ls >> 4) << 6);
      out[offset + j] = out[offset + j]! | ((lm >> 4) << 6);
    }
  }
}

/** Packs 256 2-bit levels: byte j/4+l holds levels j+l, j+l+32, j+l+64, j+l+96 (Q2_K, Q3_K). */
export function packTwoBit(out: Uint8Array, offset: number, levels: Uint8Array | Int8Array): void {
  for (let j = 0; j < 256; j += 128) {
    for (let l = 0; l < 32; l++) {
      out[offset + j / 4 + l] = (levels[j + l]! | (levels[j + l + 32]! << 2) | (levels[j + l + 64]! << 4) | (levels[j + l + 96]! << 6)) & 0xff;
    }
  }
}
