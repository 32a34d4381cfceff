import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import { defineRoute, handleRequest, httpHandler } from '../http/route';
import { walletBalancesRoute } from '../routes/balances';
import { loadWalletFailed, loadWalletAsync } from '../load/handlers';
import * as handlers from '../handlers';
import { closeContainerApp } from '../app';
import { insertWallet } from '../data/wallets';
import { createTestApi, rows, testEnv, type TestApi } from './support/api';
import { answerOf, call, eventFor } from './support/http';
import { freshWallet } from './support/keys';

/** The route wrapper's own behaviour, and the non-HTTP entry points. */
const boom = defineRoute({
  name: 'boom',
  method: 'GET',
  path: '/boom',
  summary: 'test',
  auth: 'none',
  db: 'none',
  query: z.strictObject({}),
  async run() {
    throw new Error('secret internal detail');
  },
});

describe('the route wrapper', () => {
  let api: TestApi;
  const saved = { ...process.env };
  beforeAll(async () => {
    api = await createTestApi('route');
  });
  afterAll(async () => {
    process.env = saved;
    await closeContainerApp();
    await api?.close();
  });

  test('importing the handlers module reads no configuration; warm-up pings answer before any is read', async () => {
    expect(typeof handlers.walletBalances).toBe('function');
    delete process.env.AUTH_SECRET;
    const res = await httpHandler(walletBalancesRoute)({ ...eventFor(walletBalancesRoute), source: 'serverless-plugin-warmup' });
    expect(res).toMatchObject({ statusCode: 200, body: 'OK' });
    expect(await loadWalletAsync({ source: 'serverless-plugin-warmup', xpubkey: '', maxGap: 0 })).toBe('OK');
  });

  test('an unexpected error is a JSON 500 that hides its message in production only', async () => {
    const dev = answerOf(await handleRequest(boom, api.app, eventFor(boom)));
    expect(dev).toMatchObject({ status: 500, body: { success: false, error: 'internal-server-error', message: 'secret internal detail' } });
    const prod = answerOf(await handleRequest(boom, api.withApp({ NODE_ENV: 'production' }), eventFor(boom)));
    expect(prod.status).toBe(500);
    expect(prod.body).toEqual({ success: false, error: 'internal-server-error' });
    expect(prod.text).not.toContain('secret');
  });

  test('every answer, errors included, carries CORS headers and exact integers', async () => {
    const res = await call(walletBalancesRoute, api.app, { as: { walletId: 'f'.repeat(64), mode: 'ro' } });
    expect(res).toMatchObject({ status: 404, body: { error: 'wallet-not-found' } });
    expect(res.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(res.headers['Access-Control-Allow-Headers']).toMatch(/Authorization/);
  });

  test('request counts and latencies reach api_route_stats', async () => {
    await call(walletBalancesRoute, api.app, { as: { walletId: 'e'.repeat(64), mode: 'ro' } });
    const stats = await rows<{ route: string; status: number; n: string }>(api.db.pool, "SELECT route, status, SUM(count) AS n FROM api_route_stats WHERE route = 'walletBalances' GROUP BY route, status");
    expect(stats.some((s) => s.status === 404 && Number(s.n) >= 1)).toBe(true);
  });

  test('a crashed load (its SNS failure notice, in either shape) pins the wallet at error with no retries left', async () => {
    process.env = { ...saved, ...testEnv(api.db, { MAX_LOAD_WALLET_RETRIES: '4' }) };
    const [a, b] = [freshWallet(), freshWallet()];
    for (const k of [a, b]) await insertWallet(api.db.pool, { id: k.walletId, xpubkey: k.xpubkey, authXpubkey: k.authXpubkey, maxGap: 20, now: 1 });
    const record = (message: unknown) => ({ Sns: { Message: JSON.stringify(message), MessageId: 'm' } });
    await loadWalletFailed({ Records: [record({ xpubkey: a.xpubkey }), record({ requestPayload: { xpubkey: b.xpubkey, maxGap: 20 } }), record({ nothing: true })] } as unknown as SNSEvent);
    const states = await rows<{ id: string; status: string; retry_count: number }>(api.db.pool, 'SELECT id, status, retry_count FROM wallet WHERE id IN (?, ?) ORDER BY id', [a.walletId, b.walletId]);
    expect(states.map((s) => [s.status, s.retry_count])).toEqual([['error', 4], ['error', 4]]);
  });
});
