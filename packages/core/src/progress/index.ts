export type { ProgressEvent, ProgressListener, ProgressUnit } from './progress-event.js';
export { createProgressThrottle } from './progress-event.js';
