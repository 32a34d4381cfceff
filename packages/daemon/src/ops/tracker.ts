import type { BatchReport, SyncState } from './contract';

/**
 * What the operations side knows about the sync loop, built only from observer calls. Health, metrics,
 * progress and the monitors all read this one model, so they never disagree about lag or rate.
 */
export interface SyncSnapshot {
  state: SyncState;
  stateDetail?: string;
  startedAt: number;
  /** Last committed event id (null until the first commit or the first event received). */
  lastEventId: number | null;
  /** The node's newest event id, from the last envelope received. */
  latestEventId: number | null;
  /** When the last event arrived, or when streaming (re)started if none arrived since. */
  lastActivityAt: number | null;
  /** Start of the batch in flight (batchStarted without batchCommitted). */
  batchStartedAt: number | null;
  /** When the loop stopped streaming (start time if it never streamed); null while streaming. */
  disconnectedSince: number | null;
}

export interface SyncTracker {
  stateChanged(state: SyncState, detail?: string): void;
  eventReceived(eventId: number, latestEventId: number): void;
  batchStarted(firstEventId: number, size: number): void;
  batchCommitted(report: BatchReport): void;
  snapshot(): SyncSnapshot;
  /** Events behind the node's latest_event_id; null while either side is unknown. */
  lag(): number | null;
  /** Committed events per second over the recent window. */
  eventsPerSecond(): number;
  /** lag / rate: how long catching up would take at the current rate (0 when caught up, null if stalled). */
  lagSeconds(): number | null;
}

export interface TrackerOptions {
  now?: () => number;
  /** Window of the events/s rate. */
  rateWindowMs?: number;
}

/** Shortest span a rate is computed over, so one early batch does not read as a huge rate. */
const MIN_RATE_SPAN_MS = 100;

export function createTracker(options: TrackerOptions = {}): SyncTracker {
  const now = options.now ?? Date.now;
  const windowMs = options.rateWindowMs ?? 30_000;
  const startedAt = now();
  const s: SyncSnapshot = {
    state: 'initializing',
    startedAt,
    lastEventId: null,
    latestEventId: null,
    lastActivityAt: null,
    batchStartedAt: null,
    disconnectedSince: startedAt,
  };
  let rateSince: number | null = null;
  const commits: { at: number; size: number }[] = [];

  const prune = (t: number) => {
    while (commits.length > 0 && commits[0].at < t - windowMs) commits.shift();
  };

  const tracker: SyncTracker = {
    stateChanged(state, detail) {
      const t = now();
      if (state === 'streaming' && s.state !== 'streaming') {
        s.disconnectedSince = null;
        s.lastActivityAt = t;
      } else if (state !== 'streaming' && s.disconnectedSince === null) {
        s.disconnectedSince = t;
      }
      // A batch cannot outlive the connection state it started in: failure paths roll it back.
      if (state !== 'streaming') s.batchStartedAt = null;
      s.state = state;
      s.stateDetail = detail;
    },
    eventReceived(eventId, latestEventId) {
      const t = now();
      s.lastActivityAt = t;
      s.latestEventId = Math.max(latestEventId, eventId);
      // Until the first commit the cursor is unknown; the stream resumes right after it.
      if (s.lastEventId === null) s.lastEventId = eventId - 1;
      if (rateSince === null) rateSince = t;
    },
    batchStarted(firstEventId) {
      s.batchStartedAt = now();
      if (s.lastEventId === null) s.lastEventId = firstEventId - 1;
    },
    batchCommitted(report) {
      const t = now();
      s.batchStartedAt = null;
      s.lastEventId = report.lastEventId;
      if (s.latestEventId === null || s.latestEventId < report.lastEventId) s.latestEventId = report.lastEventId;
      if (rateSince === null) rateSince = t - report.durationMs;
      commits.push({ at: t, size: report.size });
      prune(t);
    },
    snapshot: () => ({ ...s }),
    lag() {
      if (s.lastEventId === null || s.latestEventId === null) return null;
      return Math.max(0, s.latestEventId - s.lastEventId);
    },
    eventsPerSecond() {
      const t = now();
      prune(t);
      if (rateSince === null || commits.length === 0) return 0;
      const span = Math.max(MIN_RATE_SPAN_MS, Math.min(windowMs, t - rateSince));
      const events = commits.reduce((sum, c) => sum + c.size, 0);
      return (events * 1000) / span;
    },
    lagSeconds() {
      const lag = tracker.lag();
      if (lag === null) return null;
      if (lag === 0) return 0;
      const rate = tracker.eventsPerSecond();
      return rate > 0 ? lag / rate : null;
    },
  };
  return tracker;
}
