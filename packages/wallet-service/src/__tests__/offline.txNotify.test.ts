import { randomBytes, randomUUID } from 'crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseJson, selectRows } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { invokeFunction } from './support/client';
import { startOffline, type Offline } from './support/offline';
import { waitFor } from './support/wait';
import { connectWs, type WsClient } from './support/wsClient';
import { notificationBody, sqsEvent, wsTx } from './support/wsTx';

/**
 * The new-tx consumer as deployed code runs offline: wsTxNotify invoked through serverless-offline's
 * Lambda port with SQS events, posting through offline's @connections endpoint to real websocket
 * clients; then the offline poller end to end, from a message put on the local queue to the frame.
 */
const BIG = 2n ** 63n + 12_345n; // far above 2^53: a double would round it
const FUNCTION = 'hathor-wallet-service-dev-wsTxNotify';

describe('the new-tx queue consumer under serverless-offline', () => {
  let db: TestDatabase;
  let api: Offline;
  let sqs: SQSClient;
  const clients: WsClient[] = [];
  const walletA = randomBytes(32).toString('hex');
  const walletB = randomBytes(32).toString('hex');

  const joined = async (...wallets: string[]): Promise<WsClient> => {
    const client = await connectWs(`ws://127.0.0.1:${api.wsPort}/`);
    clients.push(client);
    for (const id of wallets) {
      client.send({ action: 'join', id });
      await client.next('join-success');
    }
    return client;
  };
  const invoke = async (records: { messageId: string; body: string }[]) =>
    (await invokeFunction(api.lambdaPort, FUNCTION, sqsEvent(records))) as unknown as { batchItemFailures: { itemIdentifier: string }[] };
  const dataOf = (frame: string) => parseJson(frame) as { type: string; data: Record<string, unknown> };

  beforeAll(async () => {
    db = await createTestDatabase('ws_notify');
    for (const id of [walletA, walletB]) {
      await db.pool.query("INSERT INTO wallet (id, xpubkey, auth_xpubkey, status, max_gap, created_at) VALUES (?, 'xpub', 'xpub', 'ready', 20, 1)", [id]);
    }
    api = await startOffline(db, { WS_TX_NOTIFY_MAX_RECEIVE: '1' });
    sqs = new SQSClient({ region: 'us-east-1', endpoint: new URL(api.newTxQueue).origin, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    sqs?.destroy();
    await api?.stop();
    await db?.drop();
  });

  test('a bad record, a gone connection and a good record: only the bad one is reported, the gone one purged, the good one delivered with exact amounts', async () => {
    const listener = await joined(walletA);
    // A connection the gateway no longer knows ($disconnect is best effort): its rows are still here.
    const gone = `gone-${randomUUID()}`;
    await db.pool.query('INSERT INTO ws_connection (connection_id, connected_at) VALUES (?, 1)', [gone]);
    await db.pool.query('INSERT INTO ws_wallet_connection (wallet_id, connection_id, joined_at) VALUES (?, ?, 1)', [walletA, gone]);

    const tx = wsTx(BIG);
    const malformed = notificationBody('n-bad', [walletA], 'tx', { ...tx, nonce: 'seven' });
    const result = await invoke([
      { messageId: 'm-not-json', body: '{"id":"n-x","wallets":[' },
      { messageId: 'm-bad', body: malformed },
      { messageId: 'm-good', body: notificationBody(`n-${randomUUID()}`, [walletA], 'tx', tx) },
    ]);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-bad', 'm-not-json']);

    const frame = await listener.next('new-tx');
    // Written with the exact digits, and read back exactly by a lossless parser.
    expect(frame).toContain(`"value":${BIG.toString()}`);
    const { data } = dataOf(frame);
    expect(data.tx_id).toBe(tx.tx_id);
    expect((data.outputs as { value: unknown }[])[0].value).toBe(BIG);
    // The transaction exactly as the daemon wrote it, extra fields and all.
    expect(data).toEqual((parseJson(notificationBody('x', [walletA], 'tx', tx)) as { tx: unknown }).tx);
    expect(await selectRows(db.pool, 'SELECT * FROM ws_connection WHERE connection_id = ?', [gone])).toEqual([]);
    expect(await selectRows(db.pool, 'SELECT * FROM ws_wallet_connection WHERE connection_id = ?', [gone])).toEqual([]);
    // Nothing was sent for the malformed ones.
    await listener.silence('new-tx', 500);
  });

  test('an update-tx record reaches a connection once even when it joined two of its wallets; a resend of the id is not delivered again', async () => {
    const both = await joined(walletA, walletB);
    const onlyB = await joined(walletB);
    const id = `n-${randomUUID()}`;
    const tx: Record<string, unknown> = { ...wsTx(BIG), voided: true };
    const body = notificationBody(id, [walletA, walletB], 'update', tx);
    expect((await invoke([{ messageId: 'm-1', body }])).batchItemFailures).toEqual([]);
    for (const client of [both, onlyB]) {
      const frame = dataOf(await client.next('update-tx'));
      expect(frame).toMatchObject({ type: 'update-tx', data: { tx_id: tx.tx_id, voided: true } });
    }
    // The daemon's resend after a crash (same id, new message), and SQS's own duplicate in one batch.
    expect((await invoke([{ messageId: 'm-2', body }, { messageId: 'm-3', body }])).batchItemFailures).toEqual([]);
    // A later notification proves the channel still works: it is the next frame, no duplicate before it.
    const later = wsTx(5n);
    await invoke([{ messageId: 'm-4', body: notificationBody(`n-${randomUUID()}`, [walletB], 'tx', later) }]);
    for (const client of [both, onlyB]) {
      const next = dataOf(await client.next());
      expect(next).toMatchObject({ type: 'new-tx', data: { tx_id: later.tx_id } });
    }
    expect(both.frames.filter((f) => f.includes(tx.tx_id as string))).toHaveLength(1);
    expect(onlyB.frames.filter((f) => f.includes(tx.tx_id as string))).toHaveLength(1);
    // One delivery per listening connection (the first test's listener on A is one of them), none twice.
    const listening = await selectRows<{ c: string }>(db.pool, 'SELECT DISTINCT connection_id AS c FROM ws_wallet_connection WHERE wallet_id IN (?, ?) ORDER BY c', [walletA, walletB]);
    const delivered = await selectRows<{ c: string }>(db.pool, 'SELECT connection_id AS c FROM ws_delivery WHERE notification_id = ? AND sent = TRUE ORDER BY c', [id]);
    expect(listening).toHaveLength(3);
    expect(delivered).toEqual(listening);
  });

  test('offline poller: a message put on the local queue reaches a joined websocket and is deleted; a malformed one ends in the dead-letter queue', async () => {
    const listener = await joined(walletB);
    const tx = wsTx(BIG);
    await sqs.send(new SendMessageCommand({ QueueUrl: api.newTxQueue, MessageBody: notificationBody(`n-${randomUUID()}`, [walletB], 'tx', tx) }));
    const frame = await listener.next('new-tx', 15_000);
    expect(frame).toContain(`"value":${BIG.toString()}`);
    expect(dataOf(frame).data.tx_id).toBe(tx.tx_id);

    const count = async (url: string) => {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    };
    await waitFor('the delivered message deleted', async () => ((await count(api.newTxQueue)) === 0 ? true : undefined), 10_000, 200);

    // WS_TX_NOTIFY_MAX_RECEIVE=1 here: reported failed once, it is moved on its next receive (after the
    // offline visibility timeout) instead of being retried forever.
    await sqs.send(new SendMessageCommand({ QueueUrl: api.newTxQueue, MessageBody: '{"id":"n-broken","wallets":[]}' }));
    const dlq = `${api.newTxQueue}-dlq`;
    await waitFor(() => `the malformed message in ${dlq}:\n${api.output().slice(-2000)}`, async () => ((await count(dlq)) === 1 ? true : undefined), 30_000, 500);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10 }));
    expect(Messages.map((m) => m.Body)).toEqual(['{"id":"n-broken","wallets":[]}']);
    expect(await count(api.newTxQueue)).toBe(0);
    await listener.silence('new-tx', 300);
  }, 60_000);
});
