import { fileURLToPath } from 'node:url';
import { describeQuantTypeConformance, describeTensorReaderConformance } from '@oellm/conformance/vitest';
import { openGguf, quantTypes } from '../src/index.js';
import { oracleQuantize } from './support/ggml-oracle.js';

const stories = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));

// Round-trip limits are loose bounds per bit width; the reference check is the real test:
// every type's bytes must equal ggml_quantize_chunk's.
const relativeError: Record<string, number> = { F32: 0, F16: 0.001, BF16: 0.01, Q8_0: 0.01, Q6_K: 0.03, Q5_0: 0.06, Q5_1: 0.06, Q5_K: 0.06, Q4_0: 0.12, Q4_1: 0.12, Q4_K: 0.12, Q3_K: 0.25, Q2_K: 0.45 };

for (const type of quantTypes.values()) {
  describeQuantTypeConformance(type, {
    maximumRelativeError: relativeError[type.name]!,
    reference: (source, rows, columns, importance) => oracleQuantize(type.ggmlType, (columns / type.blockSize) * type.bytesPerBlock, source, rows, columns, importance),
  });
}

describeTensorReaderConformance('GGUF reader on stories260K', () => openGguf(stories), { expectedTensors: 48 });
