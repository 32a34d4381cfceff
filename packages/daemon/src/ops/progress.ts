import type { Logger } from '@wallet-service/common';
import type { SyncTracker } from './tracker';

/**
 * Catch-up progress: while the daemon is streaming behind the node (lag > 0), every interval one report
 * with events/s, the percentage of the node's latest_event_id reached and the ETA. On a terminal it is a
 * single live line redrawn in place; otherwise (containers, CI, log pipelines) a structured log line.
 */
export interface Progress {
  lastEventId: number;
  latestEventId: number;
  lag: number;
  eventsPerSecond: number;
  /** Share of latest_event_id committed, 0-100 with one decimal. */
  percent: number;
  /** null while the rate is zero. */
  etaSeconds: number | null;
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  tracker: SyncTracker;
  intervalMs: number;
  log: Logger;
  /** Default: process.stdout. */
  out?: ProgressOutput;
}

export interface ProgressReporter {
  start(): void;
  stop(): void;
  /** One report now (what each interval does). */
  tick(): void;
}

export function currentProgress(tracker: SyncTracker): Progress | null {
  const s = tracker.snapshot();
  const lag = tracker.lag();
  if (s.lastEventId === null || s.latestEventId === null || lag === null) return null;
  const eventsPerSecond = tracker.eventsPerSecond();
  const percent = s.latestEventId > 0 ? Math.floor((s.lastEventId / s.latestEventId) * 1000) / 10 : 100;
  return {
    lastEventId: s.lastEventId,
    latestEventId: s.latestEventId,
    lag,
    eventsPerSecond: Math.round(eventsPerSecond * 10) / 10,
    percent,
    etaSeconds: lag === 0 ? 0 : eventsPerSecond > 0 ? Math.ceil(lag / eventsPerSecond) : null,
  };
}

/** 3725 → "1h02m05s"; 65 → "1m05s"; 7 → "7s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
  if (m > 0) return `${m}m${pad(s)}s`;
  return `${s}s`;
}

/** `[#########...........]  45.2%  12345/27310  1234.5 ev/s  ETA 12s` fitted to `columns`. */
export function formatBar(p: Progress, columns = 80): string {
  const tail = `${p.percent.toFixed(1).padStart(5)}%  ${p.lastEventId}/${p.latestEventId}  ${p.eventsPerSecond.toFixed(1)} ev/s  ETA ${formatDuration(p.etaSeconds)}`;
  const width = Math.max(10, Math.min(40, columns - tail.length - 4));
  const filled = Math.min(width, Math.floor((p.percent / 100) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]  ${tail}`;
}

export function createProgress(o: ProgressOptions): ProgressReporter {
  const out = o.out ?? process.stdout;
  const tty = out.isTTY === true;
  const log = o.log.child({ component: 'progress' });
  let timer: NodeJS.Timeout | null = null;
  let catchingUp = false;
  let barShown = false;

  const endBar = () => {
    if (barShown) out.write('\n');
    barShown = false;
  };

  const tick = () => {
    const p = o.tracker.snapshot().state === 'streaming' ? currentProgress(o.tracker) : null;
    if (p === null || p.lag === 0) {
      endBar();
      if (p !== null && catchingUp) log.info('caught up with the full node', { lastEventId: p.lastEventId });
      catchingUp = false;
      return;
    }
    catchingUp = true;
    if (tty) {
      out.write(`\r\x1b[2K${formatBar(p, out.columns)}`);
      barShown = true;
    } else {
      log.info('catching up', { ...p });
    }
  };

  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, o.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      endBar();
    },
    tick,
  };
}
