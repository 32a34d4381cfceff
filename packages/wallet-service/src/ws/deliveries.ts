import { randomBytes } from 'crypto';
import { executeWrite, selectRows, type Queryable } from '@wallet-service/common';

/**
 * Which notification ids reached which connection (ws_delivery). The daemon publishes at least once (a
 * crash between its publish and its outbox delete resends), and SQS itself may deliver a message twice;
 * the client shows every new-tx it gets, so the consumer sends a (notification, connection) pair only if
 * it wins that pair's claim:
 *
 * - claim before sending (INSERT IGNORE; a concurrent consumer of the same resend loses the race);
 * - mark sent after the gateway accepted the frame; release the claim when the send failed, so the
 *   record's retry sends it;
 * - a claim that was never marked sent and is older than the lease (the consumer died between claim and
 *   send) may be taken over. Only a death between the gateway's acceptance and the mark can then send
 *   twice, a far narrower window than "every resend".
 *
 * Rows are kept WS_DELIVERED_TTL_S (at least the queue's retention, so a resend is always recognised)
 * and pruned by the consumer.
 */
export interface Claims {
  /** The claim token of this consumer run. */
  token: string;
  /** Connections this run now owns for the notification. */
  won: string[];
}

export async function claimDeliveries(db: Queryable, notificationId: string, connectionIds: readonly string[], now: number, leaseS: number): Promise<Claims> {
  const token = randomBytes(16).toString('hex');
  if (connectionIds.length === 0) return { token, won: [] };
  await executeWrite(
    db,
    'INSERT IGNORE INTO ws_delivery (notification_id, connection_id, claim, claimed_at, sent) VALUES ?',
    [connectionIds.map((c) => [notificationId, c, token, now, false])],
  );
  await executeWrite(
    db,
    'UPDATE ws_delivery SET claim = ?, claimed_at = ? WHERE notification_id = ? AND connection_id IN (?) AND sent = FALSE AND claim <> ? AND claimed_at < ?',
    [token, now, notificationId, connectionIds, token, now - leaseS],
  );
  const rows = await selectRows<{ connection_id: string }>(
    db,
    'SELECT connection_id FROM ws_delivery WHERE notification_id = ? AND connection_id IN (?) AND claim = ? AND sent = FALSE ORDER BY connection_id',
    [notificationId, connectionIds, token],
  );
  return { token, won: rows.map((r) => r.connection_id) };
}

export async function markSent(db: Queryable, notificationId: string, connectionIds: readonly string[], token: string): Promise<void> {
  if (connectionIds.length === 0) return;
  await executeWrite(db, 'UPDATE ws_delivery SET sent = TRUE WHERE notification_id = ? AND connection_id IN (?) AND claim = ?', [notificationId, connectionIds, token]);
}

/** Gives up claims this run could not honour (a failed send, a gone connection), so a retry may send. */
export async function releaseClaims(db: Queryable, notificationId: string, connectionIds: readonly string[], token: string): Promise<void> {
  if (connectionIds.length === 0) return;
  await executeWrite(db, 'DELETE FROM ws_delivery WHERE notification_id = ? AND connection_id IN (?) AND claim = ? AND sent = FALSE', [notificationId, connectionIds, token]);
}

/** Deletes at most `limit` rows older than the TTL (a bounded delete per run keeps every run short). */
export async function pruneDeliveries(db: Queryable, now: number, ttlS: number, limit = 1000): Promise<number> {
  const r = await executeWrite(db, 'DELETE FROM ws_delivery WHERE claimed_at < ? LIMIT ?', [now - ttlS, limit]);
  return r.affectedRows;
}
