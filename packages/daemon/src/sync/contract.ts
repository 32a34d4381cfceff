import { KNOWN_EVENT_TYPES, type FullNodeEvent } from '@wallet-service/common';

/**
 * The seam between the stream side (source → decode → loop) and the data side (plan → apply). The loop
 * hands the store runs of consecutive, decoded, guard-checked events; the store commits each run together
 * with the cursor in one database transaction and only then returns. Nothing that leaves the process
 * (alerts, ACKs) may happen for an event before the promise of the batch that contains it resolves.
 */

/** An event whose type this daemon does not know (a newer node): logged and passed, never a crash. */
export interface UnknownEvent {
  id: number;
  timestamp: number;
  type: string;
  group_id: number | null;
  data: unknown;
}

export type StreamEvent = FullNodeEvent | UnknownEvent;

/** Which node stream the database was built from (sync_metadata). */
export interface StreamIdentity {
  streamId: string;
  peerId: string;
  network: string;
}

export interface Cursor extends StreamIdentity {
  /** Id of the last event whose effects are committed. */
  lastEventId: number;
}

export type Severity = 'critical' | 'major' | 'medium' | 'minor' | 'warning' | 'info';

/** Something an operator must hear about, produced by applying events; sent only after the commit. */
export interface Alert {
  title: string;
  message: string;
  severity: Severity;
  metadata?: Record<string, unknown>;
}

/**
 * Where a batch's time goes, in seconds: decoding its frames, loading rows, planning, writing (rows,
 * outbox, cursor), recounting the non-additive aggregates (authorities, timelocks, token counts, miners)
 * and the COMMIT. The rest of the wall time the daemon waits on the node.
 */
export const STAGES = ['decode', 'load', 'plan', 'write', 'recount', 'commit'] as const;
export type Stage = (typeof STAGES)[number];
export type StageSeconds = Partial<Record<Stage, number>>;

export interface BatchResult {
  lastEventId: number;
  alerts: Alert[];
  /** Events applied per type, for metrics. */
  eventsByType: Record<string, number>;
  /** The store's stages (all but decode, which the stream times); absent when nothing was applied. */
  stageSeconds?: StageSeconds;
  /** Row cache (TX_CACHE_SIZE): this batch's keys served from memory and read from the database, and its size after. */
  cache?: CacheReport;
}

export interface CacheReport {
  hits: number;
  misses: number;
  entries: number;
}

/** What a timelock settle changed (the cursor never moves). */
export interface SettleResult {
  /** Outputs whose lock flipped: locked outputs whose timelock passed (0 if something else still locks them). */
  unlocked: number;
  /** The committed best height the locks were settled at. */
  bestHeight: number;
  /** The clock (unix s) the timelocks were compared with. */
  now: number;
}

export interface EventStore {
  /** The committed cursor, or null for a database that was never synced. */
  readCursor(): Promise<Cursor | null>;
  /**
   * Applies `events` (ids consecutive, the first one = committed cursor + 1) and moves the cursor to the
   * last one, all in one transaction. Throws without writing anything on any error.
   */
  applyBatch(events: readonly StreamEvent[], identity: StreamIdentity): Promise<BatchResult>;
  /**
   * Unlocks the outputs whose timelock the clock has passed since the last commit, in one transaction like
   * a batch's but without events and without moving the cursor. Resolves null without opening a
   * transaction when no locked output's timelock has passed. Never called while a batch is in flight.
   */
  settleTimelocks(): Promise<SettleResult | null>;
}

const KNOWN: ReadonlySet<string> = new Set(KNOWN_EVENT_TYPES);

/** Narrows a stream event to the known union (an UnknownEvent's `type` is any other string). */
export function isKnownEvent(e: StreamEvent): e is FullNodeEvent {
  return KNOWN.has(e.type);
}

/** Events per type, for the metrics. */
export function countByType(batch: readonly StreamEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of batch) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}
