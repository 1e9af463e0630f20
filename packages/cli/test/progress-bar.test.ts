import { describe, expect, it } from 'vitest';
import { createProgressBars, formatAmount, renderTaskLine } from '../src/output/progress-bar.js';

describe('progress bars', () => {
  it('formats amounts and a task line with bar, rate and ETA', () => {
    expect(formatAmount(1_500_000, 'bytes')).toBe('1.5 MB');
    expect(formatAmount(12_345, 'rows')).toBe('12,345 rows');
    const line = renderTaskLine({ unit: 'rows', label: 'ingest', total: 1000, completed: 250, startedAt: 0 }, 10_000);
    expect(line).toBe('ingest  [██████░░░░░░░░░░░░░░░░░░]  25%  250 rows / 1,000 rows  25 rows/s  ETA 30s');
    const withBytes = renderTaskLine({ unit: 'rows', label: 'ingest', completed: 100, secondary: { unit: 'bytes', completed: 20_000_000 }, startedAt: 0 }, 2000);
    expect(withBytes).toBe('ingest  100 rows  50 rows/s  20.0 MB (10.0 MB/s)');
  });

  it('prints only summaries and warnings when stderr is not a terminal', () => {
    let stderr = '';
    let time = 0;
    const listener = createProgressBars({ stdout: () => {}, stderr: (text) => void (stderr += text), interactive: false }, () => time);
    listener({ type: 'start', task: 'count', unit: 'rows', total: 10 });
    time = 1000;
    listener({ type: 'advance', task: 'count', completed: 10 });
    listener({ type: 'message', level: 'warning', message: '3 records quarantined' });
    listener({ type: 'end', task: 'count' });
    expect(stderr).toBe('warning: 3 records quarantined\ncount  [████████████████████████] 100%  10 rows / 10 rows  10 rows/s  done in 1s\n');
  });

  it('redraws in place on a terminal', () => {
    let stderr = '';
    let time = 0;
    const listener = createProgressBars({ stdout: () => {}, stderr: (text) => void (stderr += text), interactive: true }, () => time);
    listener({ type: 'start', task: 'a', unit: 'bytes' });
    time = 500;
    listener({ type: 'advance', task: 'a', completed: 1_000_000 });
    expect(stderr).toContain('\u001b[1A\ra  1.0 MB  2.0 MB/s\u001b[K\n');
    listener({ type: 'end', task: 'a' });
    expect(stderr.endsWith('a  1.0 MB  2.0 MB/s  done in 1s\u001b[K\n')).toBe(true);
  });
});
