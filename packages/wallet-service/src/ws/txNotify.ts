import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { stringifyJson, withQueryTimeout, type Logger, type Queryable } from '@wallet-service/common';
import type { App } from '../app';
import { connectionsOf, removeConnection } from './connections';
import { claimDeliveries, markSent, pruneDeliveries, releaseClaims } from './deliveries';
import { BadNotification, parseNotification, type Notification } from './notification';
import type { PostOutcome } from './sender';

/**
 * The new-tx queue's consumer (serverless.yml wsTxNotify, `functionResponseType:
 * ReportBatchItemFailures`). Each record is handled on its own and only the ones that failed are
 * reported, so SQS retries exactly those and deletes the rest:
 *
 * - a malformed body is logged and reported failed: retrying cannot fix it, but reporting it (rather
 *   than dropping it) lands it in the dead-letter queue after WS_TX_NOTIFY_MAX_RECEIVE receives, where
 *   an operator sees what the daemon wrote;
 * - a post the gateway did not accept (other than gone) fails the record: its retry sends only to the
 *   connections that did not get it yet (ws_delivery);
 * - a connection the gateway says is gone (410) is deleted with its joins; that does not fail the record.
 *
 * Records are handled in batch order, one after the other, so a wallet's new-tx precedes its update-tx
 * when both are in one batch.
 */
const POST_CONCURRENCY = 16;

export interface RecordOutcome {
  connections: number;
  /** Connections that already had this notification id (a resend). */
  alreadyDelivered: number;
  sent: number;
  gone: number;
  failed: number;
}

async function postAll(app: App, connectionIds: readonly string[], frame: string): Promise<Map<string, PostOutcome>> {
  const out = new Map<string, PostOutcome>();
  for (let i = 0; i < connectionIds.length; i += POST_CONCURRENCY) {
    const slice = connectionIds.slice(i, i + POST_CONCURRENCY);
    const outcomes = await Promise.all(slice.map((c) => app.wsSender.post(c, frame)));
    slice.forEach((c, j) => out.set(c, outcomes[j]));
  }
  return out;
}

/** Sends one notification to every connection joined to its wallets that has not had it yet. */
export async function deliver(app: App, db: Queryable, n: Notification, log: Logger): Promise<RecordOutcome> {
  const now = app.clock();
  const connections = await connectionsOf(db, n.wallets);
  const claims = await claimDeliveries(db, n.id, connections, now, app.config.WS_DELIVERY_LEASE_S);
  // Exact integers: amounts above 2^53 are bigint here and are written as the digits they were read as.
  const frame = stringifyJson({ type: n.type, data: n.data });
  const outcomes = await postAll(app, claims.won, frame);
  const sent: string[] = [];
  const gone: string[] = [];
  const failed: string[] = [];
  for (const [connectionId, o] of outcomes) {
    if (o.kind === 'sent') sent.push(connectionId);
    else if (o.kind === 'gone') gone.push(connectionId);
    else {
      failed.push(connectionId);
      log.warn('websocket post failed; the record will be retried for this connection', { connectionId, err: o.err });
    }
  }
  await markSent(db, n.id, sent, claims.token);
  for (const connectionId of gone) await removeConnection(db, connectionId);
  await releaseClaims(db, n.id, [...gone, ...failed], claims.token);
  return { connections: connections.length, alreadyDelivered: connections.length - claims.won.length, sent: sent.length, gone: gone.length, failed: failed.length };
}

async function handleRecord(app: App, db: Queryable, record: SQSRecord): Promise<boolean> {
  const log = app.log.child({ fn: 'wsTxNotify', messageId: record.messageId, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 0) });
  let n: Notification;
  try {
    n = parseNotification(record.body);
  } catch (err) {
    if (!(err instanceof BadNotification)) throw err;
    log.error('malformed new-tx record: reported failed, so it reaches the dead-letter queue after WS_TX_NOTIFY_MAX_RECEIVE receives', {
      reason: err.message,
      body: record.body.slice(0, 2000),
    });
    return false;
  }
  const recordLog = log.child({ notificationId: n.id, type: n.type, wallets: n.wallets.length });
  try {
    const outcome = await deliver(app, db, n, recordLog);
    recordLog.info('new-tx record delivered', { ...outcome });
    return outcome.failed === 0;
  } catch (err) {
    recordLog.error('new-tx record not delivered (will be retried)', { err });
    return false;
  }
}

export async function handleTxNotify(app: App, event: SQSEvent): Promise<SQSBatchResponse> {
  const db = withQueryTimeout(app.pool, app.config.DB_QUERY_TIMEOUT_MS);
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records ?? []) {
    if (!(await handleRecord(app, db, record))) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  try {
    await pruneDeliveries(db, app.clock(), app.config.WS_DELIVERED_TTL_S);
  } catch (err) {
    app.log.warn('expired websocket deliveries not pruned (the next run tries again)', { err });
  }
  return { batchItemFailures };
}
