import { randomBytes } from 'crypto';
import { selectRows } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { issueToken } from '../auth/tokens';
import { TEST_SECRET } from './support/api';
import { startOffline, type Offline } from './support/offline';
import { waitFor } from './support/wait';
import { connectWs, type WsClient } from './support/wsClient';

/**
 * The websocket API as serverless-offline serves it, with a real websocket client: $connect and
 * $disconnect recorded in MySQL, ping, and join for existing and unknown wallets, with and without a
 * token, and with WS_JOIN_REQUIRES_TOKEN (a second offline process with that setting).
 */
describe('the websocket API under serverless-offline', () => {
  let db: TestDatabase;
  let open: Offline;
  let strict: Offline;
  const clients: WsClient[] = [];
  const walletId = randomBytes(32).toString('hex');
  const otherWalletId = randomBytes(32).toString('hex');
  const token = (wid: string, secret = TEST_SECRET) => issueToken({ wid, mode: 'ro' }, secret, 600);

  const connectionIds = async () => (await selectRows<{ connection_id: string }>(db.pool, 'SELECT connection_id FROM ws_connection ORDER BY connection_id')).map((r) => r.connection_id);
  const joinsOf = async (connectionId: string) =>
    (await selectRows<{ wallet_id: string }>(db.pool, 'SELECT wallet_id FROM ws_wallet_connection WHERE connection_id = ? ORDER BY wallet_id', [connectionId])).map((r) => r.wallet_id);
  /** A connected client and the connection id its $connect recorded. */
  const connect = async (api: Offline): Promise<{ client: WsClient; id: string }> => {
    const before = new Set(await connectionIds());
    const client = await connectWs(`ws://127.0.0.1:${api.wsPort}/`);
    clients.push(client);
    const id = await waitFor('the $connect row', async () => (await connectionIds()).find((c) => !before.has(c)));
    return { client, id };
  };

  beforeAll(async () => {
    db = await createTestDatabase('ws_routes');
    for (const id of [walletId, otherWalletId]) {
      await db.pool.query("INSERT INTO wallet (id, xpubkey, auth_xpubkey, status, max_gap, created_at) VALUES (?, 'xpub', 'xpub', 'ready', 20, 1)", [id]);
    }
    [open, strict] = await Promise.all([startOffline(db), startOffline(db, { WS_JOIN_REQUIRES_TOKEN: 'true' })]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([open?.stop(), strict?.stop()]);
    await db?.drop();
  });

  test('$connect records the connection; ping answers pong; $disconnect deletes the connection and its joins', async () => {
    const { client, id } = await connect(open);
    client.send({ action: 'ping' });
    expect(JSON.parse(await client.next('pong'))).toEqual({ type: 'pong' });
    client.send({ action: 'join', id: walletId });
    expect(JSON.parse(await client.next('join-success'))).toEqual({ type: 'join-success', message: 'Listening', id: walletId });
    expect(await joinsOf(id)).toEqual([walletId]);
    await client.close();
    await waitFor('the $disconnect', async () => ((await connectionIds()).includes(id) ? undefined : true));
    expect(await joinsOf(id)).toEqual([]);
  });

  test('join: an existing wallet is listened to; an unknown wallet, a missing or a non-string id are Invalid parameters', async () => {
    const { client, id } = await connect(open);
    const unknown = randomBytes(32).toString('hex');
    const invalid = { type: 'error', message: 'Invalid parameters' };
    client.send({ action: 'join', id: unknown });
    expect(JSON.parse(await client.next('error'))).toEqual(invalid);
    client.send({ action: 'join' });
    expect(JSON.parse(await client.next('error'))).toEqual(invalid);
    client.send({ action: 'join', id: 42 });
    expect(JSON.parse(await client.next('error'))).toEqual(invalid);
    expect(await joinsOf(id)).toEqual([]);
    // The same connection may listen to several wallets (one row each).
    client.send({ action: 'join', id: walletId });
    expect(JSON.parse(await client.next('join-success'))).toMatchObject({ id: walletId });
    client.send({ action: 'join', id: otherWalletId });
    expect(JSON.parse(await client.next('join-success'))).toMatchObject({ id: otherWalletId });
    expect(await joinsOf(id)).toEqual([walletId, otherWalletId].sort());
  });

  test("join with a token: the wallet's token joins; another wallet's, a foreign-signed or a garbage token is refused", async () => {
    const { client, id } = await connect(open);
    client.send({ action: 'join', id: walletId, token: token(otherWalletId) });
    expect(JSON.parse(await client.next('error'))).toEqual({ type: 'error', message: 'Invalid token' });
    client.send({ action: 'join', id: walletId, token: token(walletId, 'another-secret-another-secret-another-secret') });
    expect(JSON.parse(await client.next('error'))).toEqual({ type: 'error', message: 'Invalid token' });
    client.send({ action: 'join', id: walletId, token: 'not-a-jwt' });
    expect(JSON.parse(await client.next('error'))).toEqual({ type: 'error', message: 'Invalid token' });
    expect(await joinsOf(id)).toEqual([]);
    client.send({ action: 'join', id: walletId, token: token(walletId) });
    expect(JSON.parse(await client.next('join-success'))).toEqual({ type: 'join-success', message: 'Listening', id: walletId });
    expect(await joinsOf(id)).toEqual([walletId]);
  });

  test('WS_JOIN_REQUIRES_TOKEN=true: a join without a token is refused, one with its wallet\'s token joins, an unknown wallet stays Invalid parameters', async () => {
    const { client, id } = await connect(strict);
    client.send({ action: 'join', id: walletId });
    expect(JSON.parse(await client.next('error'))).toEqual({ type: 'error', message: 'Token required' });
    expect(await joinsOf(id)).toEqual([]);
    const unknown = randomBytes(32).toString('hex');
    client.send({ action: 'join', id: unknown, token: token(unknown) });
    expect(JSON.parse(await client.next('error'))).toEqual({ type: 'error', message: 'Invalid parameters' });
    client.send({ action: 'join', id: walletId, token: token(walletId) });
    expect(JSON.parse(await client.next('join-success'))).toEqual({ type: 'join-success', message: 'Listening', id: walletId });
    expect(await joinsOf(id)).toEqual([walletId]);
    client.send({ action: 'ping' });
    expect(JSON.parse(await client.next('pong'))).toEqual({ type: 'pong' });
  });
});
