/**
 * Arrow helpers of the shared spec. A separate entry point (`@oellm/core/arrow`) so that
 * importing `@oellm/core` alone never loads apache-arrow.
 */
export { documentSchema } from './document-schema.js';
export { documentsToRecordBatch, recordBatchToDocuments, recordBatchFromColumns } from './convert-documents.js';
export { selectRows, filterRecordBatch } from './select-rows.js';
