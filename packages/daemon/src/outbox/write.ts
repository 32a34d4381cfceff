import { stringifyJson, type Queryable } from '@wallet-service/common';
import type { NotificationKind } from '../notify/derive';
import type { State } from '../state/state';

/**
 * The write side of the outbox: the notifications a batch planned become rows in the batch's own
 * transaction, so they commit with the data and the cursor or not at all.
 */
export type Channel = 'new-tx' | 'push';
export const CHANNELS: readonly Channel[] = ['new-tx', 'push'];

/**
 * Stable for a given notification however often it is re-planned or resent: the stream and the event
 * that caused it name it (one event changes one vertex), so a consumer can dedupe on it.
 */
export const notificationId = (streamId: string, eventId: number, txId: string, kind: NotificationKind | 'push') =>
  `${streamId}:${eventId}:${txId}:${kind}`;

export interface OutboxRow {
  notificationId: string;
  channel: Channel;
  body: string;
}

/** The queue message contract shared with the consumer: {id, wallets, tx} or {id, wallets, update}. */
export function outboxRows(state: State, streamId: string): OutboxRow[] {
  const rows: OutboxRow[] = [];
  for (const n of state.notifications) {
    const id = notificationId(streamId, n.eventId, n.txId, n.kind);
    const body = n.kind === 'new-tx' ? { id, wallets: n.wallets, tx: n.tx } : { id, wallets: n.wallets, update: n.tx };
    rows.push({ notificationId: id, channel: 'new-tx', body: stringifyJson(body) });
  }
  for (const p of state.pushRequests) {
    rows.push({ notificationId: notificationId(streamId, p.eventId, p.txId, 'push'), channel: 'push', body: stringifyJson(p.payload) });
  }
  return rows;
}

/** Keeps each INSERT well under max_allowed_packet (16 MiB on MariaDB's default) whatever the tx sizes. */
const STATEMENT_BYTES = 4 * 1024 * 1024;
const ROWS_PER_STATEMENT = 500;

export async function writeOutbox(db: Queryable, rows: OutboxRow[], nowMs: number): Promise<void> {
  let chunk: unknown[][] = [];
  let bytes = 0;
  const write = async () => {
    if (chunk.length === 0) return;
    await db.query('INSERT INTO notification_outbox (notification_id, channel, body, created_at_ms) VALUES ?', [chunk]);
    chunk = [];
    bytes = 0;
  };
  // Rows go in planning order, and auto-increment ids follow insertion: id order is commit order.
  for (const r of rows) {
    if (chunk.length >= ROWS_PER_STATEMENT || (chunk.length > 0 && bytes + r.body.length > STATEMENT_BYTES)) await write();
    chunk.push([r.notificationId, r.channel, r.body, nowMs]);
    bytes += r.body.length;
  }
  await write();
}
