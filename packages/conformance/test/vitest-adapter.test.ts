// The suites as a partner uses them: one line per implementation.
import { describeDocumentStageConformance, describeTokenizerConformance } from '../src/vitest.js';
import { byteTokenizer, dropShort, keepAll } from './implementations.js';

describeDocumentStageConformance('keep-all', () => keepAll);
describeDocumentStageConformance('drop-short', () => dropShort);
describeTokenizerConformance('bytes', () => byteTokenizer(), { lossless: true });
