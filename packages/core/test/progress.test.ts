import { describe, expect, it, vi } from 'vitest';
import { createProgressThrottle, type ProgressEvent } from '../src/index.js';

describe('createProgressThrottle', () => {
  it('passes start and end, throttles advances, and never loses the last count', () => {
    vi.useFakeTimers();
    const seen: ProgressEvent[] = [];
    const progress = createProgressThrottle((event) => seen.push(event), 100);
    progress({ type: 'start', task: 't', unit: 'rows', total: 3 });
    progress({ type: 'advance', task: 't', completed: 1 });
    progress({ type: 'advance', task: 't', completed: 2 });
    progress({ type: 'advance', task: 't', completed: 3 });
    progress({ type: 'end', task: 't' });
    vi.useRealTimers();
    expect(seen).toEqual([
      { type: 'start', task: 't', unit: 'rows', total: 3 },
      { type: 'advance', task: 't', completed: 1 },
      { type: 'advance', task: 't', completed: 3 },
      { type: 'end', task: 't' },
    ]);
  });

  it('is a no-op without a listener', () => {
    expect(() => createProgressThrottle(undefined)({ type: 'end', task: 'x' })).not.toThrow();
  });
});
