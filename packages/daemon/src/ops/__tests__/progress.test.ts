import { silentLogger } from '@wallet-service/common';
import { createOps } from '../index';
import { createProgress, currentProgress, formatBar, formatDuration } from '../progress';
import { createTracker } from '../tracker';
import { captureLog, freePort, opsConfig, waitFor } from './support';

const batch = (first: number, last: number, durationMs = 100) => ({
  firstEventId: first,
  lastEventId: last,
  size: last - first + 1,
  eventsByType: {},
  durationMs,
  commitMs: 1,
  stageSeconds: {},
});

/** A tracker on a hand-driven clock: 1000 ms after streaming started, 250 events committed of 1000. */
function catchingUp() {
  let t = 1_000_000;
  const tracker = createTracker({ now: () => t, rateWindowMs: 30_000 });
  tracker.stateChanged('streaming');
  tracker.eventReceived(1, 1000);
  t += 1000;
  tracker.batchStarted(1, 250);
  tracker.batchCommitted(batch(1, 250));
  return { tracker, advance: (ms: number) => (t += ms) };
}

describe('progress figures', () => {
  it('reports events/s, percent of latest_event_id and ETA from committed events', () => {
    const { tracker } = catchingUp();
    expect(currentProgress(tracker)).toEqual({
      lastEventId: 250,
      latestEventId: 1000,
      lag: 750,
      eventsPerSecond: 250,
      percent: 25,
      etaSeconds: 3,
    });
  });

  it('has no ETA once nothing was committed for a whole rate window', () => {
    const { tracker, advance } = catchingUp();
    advance(31_000);
    expect(currentProgress(tracker)).toMatchObject({ eventsPerSecond: 0, etaSeconds: null, lag: 750 });
  });

  it('formats durations and a bar that fits the terminal', () => {
    expect(formatDuration(7)).toBe('7s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3725)).toBe('1h02m05s');
    expect(formatDuration(null)).toBe('--');
    const bar = formatBar({ lastEventId: 250, latestEventId: 1000, lag: 750, eventsPerSecond: 250, percent: 25, etaSeconds: 3 }, 80);
    expect(bar).toBe('[##########..............................]   25.0%  250/1000  250.0 ev/s  ETA 3s');
    expect(formatBar({ lastEventId: 1, latestEventId: 2, lag: 1, eventsPerSecond: 1, percent: 50, etaSeconds: 1 }, 50).length).toBeLessThanOrEqual(50);
  });
});

describe('progress output', () => {
  it('writes structured JSON lines with rate, percent and ETA when stdout is not a terminal', async () => {
    const { log, lines } = captureLog();
    const port = await freePort();
    const written: string[] = [];
    const ops = createOps({
      config: opsConfig({ HEALTH_PORT: String(port), PROGRESS_INTERVAL_MS: '20' }),
      log,
      stdout: { isTTY: false, write: (s: string) => written.push(s) },
      processMetrics: false,
    });
    await ops.start();
    ops.observer.stateChanged('streaming');
    ops.observer.eventReceived(1, 400);
    ops.observer.batchStarted(1, 100);
    ops.observer.batchCommitted(batch(1, 100));
    await waitFor('a progress line', () => lines().some((l) => l.msg === 'catching up'));
    const line = lines().find((l) => l.msg === 'catching up') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', component: 'progress', lastEventId: 100, latestEventId: 400, lag: 300, percent: 25 });
    expect(line.eventsPerSecond).toEqual(expect.any(Number));
    expect(line.eventsPerSecond).toBeGreaterThan(0);
    expect(line.etaSeconds).toEqual(expect.any(Number));

    ops.observer.batchStarted(101, 300);
    ops.observer.batchCommitted(batch(101, 400));
    await waitFor('caught up', () => lines().some((l) => l.msg === 'caught up with the full node'));
    const count = lines().filter((l) => l.msg === 'catching up').length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(lines().filter((l) => l.msg === 'catching up').length).toBe(count);
    expect(written).toEqual([]);
    await ops.stop();
  });

  it('redraws one live line on a terminal and ends it when caught up', () => {
    const { tracker } = catchingUp();
    const written: string[] = [];
    const progress = createProgress({
      tracker,
      intervalMs: 1000,
      log: silentLogger,
      out: { isTTY: true, columns: 100, write: (s: string) => written.push(s) },
    });
    progress.tick();
    progress.tick();
    expect(written).toHaveLength(2);
    for (const w of written) {
      expect(w.startsWith('\r\x1b[2K[')).toBe(true);
      expect(w).toContain('25.0%  250/1000  250.0 ev/s  ETA 3s');
      expect(w).not.toContain('\n');
    }
    tracker.batchStarted(251, 750);
    tracker.batchCommitted(batch(251, 1000));
    progress.tick();
    expect(written[2]).toBe('\n');
    progress.tick();
    expect(written).toHaveLength(3);
  });

  it('stays silent while caught up or not streaming', () => {
    const { log, lines } = captureLog();
    const { tracker } = catchingUp();
    const progress = createProgress({ tracker, intervalMs: 1000, log, out: { isTTY: false, write: () => undefined } });
    tracker.stateChanged('reconnecting');
    progress.tick();
    expect(lines()).toEqual([]);
  });
});
