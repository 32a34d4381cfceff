import jwt from 'jsonwebtoken';
import type { PoolConnection } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import { issueToken } from '../auth/tokens';
import { TEST_SECRET } from './support/api';
import { ROUTES } from '../routes';
import { browserCanRead, fullToken, initBody, invokeFunction, listed, nowSeconds, readOnlyToken, request, type HttpAnswer, type RequestOptions } from './support/client';
import { eventFor } from './support/http';
import { freshWallet } from './support/keys';
import { startOffline, type Offline } from './support/offline';
import { waitFor } from './support/wait';

/**
 * The API as serverless-offline serves it, over real HTTP: the bearer TOKEN authorizer in front of the
 * routes (tokens from the real /auth/token endpoints), what a browser on another origin may read, and
 * the wallet load started by /wallet/init as an Event invoke through offline's Lambda port.
 */
const ORIGIN = 'https://wallet.example';
const FOREIGN_ADDRESS = 'HJtnyxsCqzppk58HFzRtYs2m6GK35vptnp';

describe('the API under serverless-offline: authorizer, CORS, asynchronous wallet load', () => {
  let db: TestDatabase;
  let api: Offline;
  const wallet = freshWallet();
  let full: string;
  let ro: string;
  const call = (method: string, path: string, o: RequestOptions = {}) => request(api.baseUrl, method, path, { ...o, headers: { Origin: ORIGIN, ...(o.headers ?? {}) } });
  const statusOf = async (walletId: string) => {
    const [rows] = await db.pool.query('SELECT status FROM wallet WHERE id = ?', [walletId]);
    return (rows as { status: string }[])[0]?.status;
  };

  beforeAll(async () => {
    db = await createTestDatabase('offline_auth');
    api = await startOffline(db);
    const init = await call('POST', 'wallet/init', { body: initBody(wallet) });
    expect(init.status).toBe(200);
    await waitFor('the first wallet to be ready', async () => ((await statusOf(wallet.walletId)) === 'ready' ? true : undefined), 60_000);
    full = await fullToken(api.baseUrl, wallet);
    ro = await readOnlyToken(api.baseUrl, wallet.xpubkey);
  }, 180_000);
  afterAll(async () => {
    await api?.stop();
    await db?.drop();
  });

  /**
   * Answered by the gateway layer (authorizer or API key), not by a handler: no envelope of ours. Offline
   * echoes the Origin on these; in AWS the GatewayResponseDefault4XX does it (packaging.test.ts).
   */
  const rejectedBeforeHandler = (res: HttpAnswer, status: number) => {
    expect({ status: res.status, success: res.body.success }).toEqual({ status, success: undefined });
    expect(browserCanRead(res.headers, ORIGIN)).toBe(true);
  };

  describe('the bearer authorizer', () => {
    test('valid full and read-only tokens from /auth/token and /auth/token/readonly reach their routes as their wallet', async () => {
      for (const token of [full, ro]) {
        const res = await call('GET', 'wallet/status', { token });
        expect(res.status).toBe(200);
        expect(res.body.status).toMatchObject({ walletId: wallet.walletId, status: 'ready' });
      }
      const balances = await call('GET', 'wallet/balances', { token: ro });
      expect(balances).toMatchObject({ status: 200, body: { success: true } });
    });

    test.each([
      ['no Authorization header', () => ({})],
      ['a header without the Bearer scheme', () => ({ headers: { Authorization: 'Token abc' } })],
      ['a malformed token', () => ({ token: 'not.a.token' })],
      ['an expired token', () => ({ token: jwt.sign({ wid: wallet.walletId, mode: 'ro', exp: nowSeconds() - 1 }, TEST_SECRET) })],
      ['a token signed with another secret', () => ({ token: issueToken({ wid: wallet.walletId, mode: 'ro' }, 'another-secret-another-secret-another-secret', 60) })],
    ])('answers 401 for %s, readable by the browser', async (_name, options: () => RequestOptions) => {
      const res = await call('GET', 'wallet/status', options());
      rejectedBeforeHandler(res, 401);
    });

    test('answers 403 for a full token whose embedded proof fails', async () => {
      const ts = nowSeconds();
      const forged = issueToken({ wid: wallet.walletId, mode: 'full', ts, sign: wallet.signAccount(ts), addr: FOREIGN_ADDRESS }, TEST_SECRET, 60);
      rejectedBeforeHandler(await call('GET', 'wallet/status', { token: forged }), 403);
    });

    test('check_mine: 403 for the read-only token (its policy leaves the route out), 200 for the full token', async () => {
      const listedAddresses = await call('GET', 'wallet/addresses', { token: ro });
      const mine = (listedAddresses.body.addresses as { address: string }[])[0].address;
      const body = { addresses: [mine, FOREIGN_ADDRESS] };
      rejectedBeforeHandler(await call('POST', 'wallet/addresses/check_mine', { token: ro, body }), 403);
      const allowed = await call('POST', 'wallet/addresses/check_mine', { token: full, body });
      expect(allowed).toMatchObject({ status: 200, body: { success: true, addresses: { [mine]: true, [FOREIGN_ADDRESS]: false } } });
    });
  });

  describe('CORS, as a browser on another origin sees it', () => {
    test("handler answers, successes and errors alike, are readable and expose the API's own headers", async () => {
      const ok = await call('GET', 'wallet/balances', { token: ro });
      const invalid = await call('POST', 'wallet/init', { body: { xpubkey: 'nope' } });
      expect([ok.status, invalid.status, invalid.body.error]).toEqual([200, 400, 'invalid-payload']);
      for (const res of [ok, invalid]) {
        expect(browserCanRead(res.headers, ORIGIN)).toBe(true);
        expect(listed(res.headers, 'access-control-expose-headers')).toEqual(expect.arrayContaining(['etag', 'retry-after', 'x-last-event-id', 'x-last-event-time']));
      }
    });

    test('the handlers themselves answer with CORS headers: what API Gateway passes on to the browser', async () => {
      // Over HTTP offline replaces the handler's Access-Control-Allow-Origin by the request's origin (and
      // drops it when there is none); API Gateway's proxy integration forwards the handler's headers as
      // they are. So the raw results are read through the Lambda port.
      const byName = (name: string) => ROUTES.find((r) => r.name === name)!;
      const results = [
        await invokeFunction(api.lambdaPort, 'hathor-wallet-service-dev-openapi', eventFor(byName('openapi'))),
        await invokeFunction(api.lambdaPort, 'hathor-wallet-service-dev-walletInit', eventFor(byName('walletInit'), { body: { xpubkey: 'nope' } })),
        await invokeFunction(api.lambdaPort, 'hathor-wallet-service-dev-walletStatus', eventFor(byName('walletStatus'))),
      ];
      expect(results.map((r) => r.statusCode)).toEqual([200, 400, 401]);
      for (const r of results) {
        expect(r.headers).toMatchObject({ 'Access-Control-Allow-Origin': '*' });
        expect(listed(r.headers, 'Access-Control-Expose-Headers')).toEqual(['etag', 'retry-after', 'x-last-event-id', 'x-last-event-time']);
        expect(listed(r.headers, 'Access-Control-Allow-Headers')).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-none-match']));
      }
    });

    // Preflights are not tested here: offline answers every OPTIONS by echoing the requested origin,
    // method and headers, whatever the route allows. packaging.test.ts checks what API Gateway will answer.
  });

  describe('POST /wallet/init and the asynchronous load', () => {
    let lock: PoolConnection | undefined;
    afterEach(async () => {
      await lock?.query('ROLLBACK');
      lock?.release();
      lock = undefined;
    });

    test('init answers at once while the load, invoked as an Event through the Lambda port, waits for the sync lock; it finishes once the lock is free', async () => {
      const k = freshWallet();
      // Hold the lock the daemon's batches and the load's settle take: the load can only finish after us.
      lock = await db.pool.getConnection();
      await lock.query('START TRANSACTION');
      await lock.query('SELECT id FROM sync_lock WHERE id = 1 FOR UPDATE');

      const init = await call('POST', 'wallet/init', { body: initBody(k) });
      expect(init.status).toBe(200);
      expect(init.body.status).toMatchObject({ walletId: k.walletId, status: 'creating', readyAt: null });
      expect(browserCanRead(init.headers, ORIGIN)).toBe(true);

      // offline prints a line when a run of a function ends: while we hold the lock no load may end.
      const loadsEnded = () => api.output().match(/\(λ: loadWalletAsync\) RequestId: /g)?.length ?? 0;
      const endedBefore = loadsEnded();
      // Information_schema was no reliable witness of the load's lock wait here (MariaDB 10.11 listed it in
      // INNODB_TRX in some runs and not in others while the load plainly waited), so the test holds the
      // lock long enough for an unblocked load (~0.2 s) to have finished, and checks that it has not.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(loadsEnded()).toBe(endedBefore);
      // Meanwhile the client does what wallet-lib does: takes a token and polls the status.
      const token = await fullToken(api.baseUrl, k);
      const polled = await call('GET', 'wallet/status', { token });
      expect(polled.body.status).toMatchObject({ status: 'creating', readyAt: null });
      expect(loadsEnded()).toBe(endedBefore);

      await lock.query('COMMIT');
      lock.release();
      lock = undefined;
      const ready = await waitFor('the wallet to be ready', async () => {
        const res = await call('GET', 'wallet/status', { token });
        return (res.body.status as { status: string }).status === 'ready' ? res : undefined;
      }, 30_000);
      expect(ready.body.status).toMatchObject({ walletId: k.walletId, status: 'ready', retryCount: 0, maxGap: 20 });
      const [rows] = await db.pool.query('SELECT COUNT(*) AS n FROM address WHERE wallet_id = ?', [k.walletId]);
      expect(Number((rows as { n: number }[])[0].n)).toBe(20);
      // The load ran as its own Lambda, not inside the init handler, and ended once the lock was free.
      expect(loadsEnded()).toBe(endedBefore + 1);
    }, 120_000);

    test('a second init of a loaded wallet says wallet-already-loaded, with its status', async () => {
      const res = await call('POST', 'wallet/init', { body: initBody(wallet) });
      expect(res).toMatchObject({ status: 400, body: { success: false, error: 'wallet-already-loaded', status: { walletId: wallet.walletId, status: 'ready' } } });
    });
  });
});
