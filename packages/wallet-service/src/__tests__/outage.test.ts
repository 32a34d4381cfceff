import { walletBalancesRoute } from '../routes/balances';
import { walletInit } from '../routes/wallet/init';
import { createTestApi, type TestApi } from './support/api';
import { call } from './support/http';
import { createAndLoad, scenario } from './support/scenario';
import { startTcpProxy, type TcpProxy } from './support/tcpProxy';

/**
 * The database going away: a prompt 503 with Retry-After and a JSON error — never a hang until the
 * Lambda times out, never a 500 — and the API answers again by itself once the database is back.
 */
describe('database outages', () => {
  let api: TestApi;
  let proxy: TcpProxy;
  let walletId: string;
  beforeAll(async () => {
    api = await createTestApi('outage');
    walletId = await createAndLoad(api.app, scenario('WALLET_ACTIVITY').truth.setup!.wallets[0]);
    proxy = await startTcpProxy({ host: api.db.config.DB_ENDPOINT, port: api.db.config.DB_PORT });
  });
  afterAll(async () => {
    await proxy?.close();
    await api?.close();
  });

  const viaProxy = () => api.withApp({ DB_ENDPOINT: '127.0.0.1', DB_PORT: String(proxy.port), DB_CONNECT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '1000', DB_RETRY_AFTER_S: '7' });
  const balances = (app: ReturnType<typeof viaProxy>) => call(walletBalancesRoute, app, { as: { walletId, mode: 'ro' } });

  test('refused connections: 503 database-unavailable with Retry-After, then recovery', async () => {
    const app = viaProxy();
    expect((await balances(app)).status).toBe(200);
    await proxy.mode('down');
    const started = Date.now();
    const down = await balances(app);
    expect(down.status).toBe(503);
    expect(down.headers['Retry-After']).toBe('7');
    expect(down.body).toEqual({ success: false, error: 'database-unavailable', message: 'the database is unavailable; retry shortly' });
    expect(Date.now() - started).toBeLessThan(3000);
    const init = await call(walletInit, app, { body: { xpubkey: 'x' } });
    expect(init.status).toBe(400);
    await proxy.mode('up');
    expect((await balances(app)).status).toBe(200);
  });

  test('a server that accepts but never answers: 503 within the connect deadline, then recovery', async () => {
    const app = viaProxy();
    await proxy.mode('stall');
    const started = Date.now();
    const stalled = await balances(app);
    expect(stalled.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(4000);
    await proxy.mode('up');
    expect((await balances(app)).status).toBe(200);
  });

  test('connections cut while pooled: the next request gets a clean 503 or a fresh connection, never a 500', async () => {
    const app = viaProxy();
    expect((await balances(app)).status).toBe(200);
    await proxy.mode('up');
    const after = await balances(app);
    expect([200, 503]).toContain(after.status);
    expect((await balances(app)).status).toBe(200);
  });
});
