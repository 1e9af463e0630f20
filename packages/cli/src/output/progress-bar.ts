import type { ProgressEvent, ProgressListener, ProgressUnit } from '@oellm/core';
import type { CommandIo } from '../command.js';

interface TaskState {
  unit: ProgressUnit;
  label: string;
  total?: number;
  completed: number;
  secondary?: { unit: ProgressUnit; completed: number };
  startedAt: number;
}

const barWidth = 24;

/** `12.3 MB`, `4,096 rows`: counts in the unit's natural form. */
export function formatAmount(value: number, unit: ProgressUnit): string {
  if (unit === 'bytes') {
    if (value >= 1e9) return `${(value / 1e9).toFixed(2)} GB`;
    if (value >= 1e6) return `${(value / 1e6).toFixed(1)} MB`;
    if (value >= 1e3) return `${(value / 1e3).toFixed(1)} kB`;
    return `${value} B`;
  }
  return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
}

function formatRate(value: number, seconds: number, unit: ProgressUnit): string {
  const perSecond = seconds > 0 ? value / seconds : 0;
  return unit === 'bytes' ? `${(perSecond / 1e6).toFixed(1)} MB/s` : `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}

/** One status line for a task: bar (when the total is known), count, rate, ETA. */
export function renderTaskLine(task: TaskState, now: number): string {
  const seconds = (now - task.startedAt) / 1000;
  const parts: string[] = [task.label];
  if (task.total !== undefined && task.total > 0) {
    const fraction = Math.min(1, task.completed / task.total);
    const filled = Math.round(fraction * barWidth);
    parts.push(`[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`);
    parts.push(`${formatAmount(task.completed, task.unit)} / ${formatAmount(task.total, task.unit)}`);
  } else {
    parts.push(formatAmount(task.completed, task.unit));
  }
  parts.push(formatRate(task.completed, seconds, task.unit));
  if (task.secondary) parts.push(`${formatAmount(task.secondary.completed, task.secondary.unit)} (${formatRate(task.secondary.completed, seconds, task.secondary.unit)})`);
  if (task.total !== undefined && task.completed > 0 && task.completed < task.total) {
    parts.push(`ETA ${formatDuration((seconds * (task.total - task.completed)) / task.completed)}`);
  }
  return parts.join('  ');
}

/**
 * Draws progress events as live bars on stderr when it is a terminal; otherwise stays quiet
 * except for warnings and one summary line per finished task (so CI logs stay readable).
 */
export function createProgressBars(io: CommandIo, now: () => number = Date.now): ProgressListener {
  const tasks = new Map<string, TaskState>();
  let drawnLines = 0;
  let lastDraw = 0;

  // Rewrites the live frame: moves up over the previous one, writes `above` (lines that stay,
  // such as a finished task's summary), then one line per running task.
  const draw = (above: string[] = []) => {
    const time = now();
    lastDraw = time;
    let frame = drawnLines > 0 ? `\u001b[${drawnLines}A` : '';
    const lines = [...tasks.values()].map((task) => renderTaskLine(task, time));
    for (const line of [...above, ...lines]) frame += `\r${line}\u001b[K\n`;
    const written = above.length + lines.length;
    for (let extra = written; extra < drawnLines; extra++) frame += '\r\u001b[K\n';
    if (written < drawnLines) frame += `\u001b[${drawnLines - written}A`;
    io.stderr(frame);
    drawnLines = lines.length;
  };

  return (event: ProgressEvent) => {
    switch (event.type) {
      case 'start':
        tasks.set(event.task, { unit: event.unit, label: event.label ?? event.task, total: event.total, completed: 0, startedAt: now() });
        if (io.interactive) draw();
        break;
      case 'advance': {
        const task = tasks.get(event.task);
        if (!task) return;
        task.completed = event.completed;
        if (event.total !== undefined) task.total = event.total;
        if (event.secondary) task.secondary = event.secondary;
        if (io.interactive && now() - lastDraw >= 100) draw();
        break;
      }
      case 'end': {
        const task = tasks.get(event.task);
        if (!task) return;
        tasks.delete(event.task);
        const summary = `${renderTaskLine(task, now())}  done in ${formatDuration((now() - task.startedAt) / 1000)}`;
        if (io.interactive) draw([summary]);
        else io.stderr(`${summary}\n`);
        break;
      }
      case 'message': {
        const line = `${event.level === 'warning' ? 'warning: ' : ''}${event.message}`;
        if (io.interactive) draw([line]);
        else io.stderr(`${line}\n`);
        break;
      }
    }
  };
}
