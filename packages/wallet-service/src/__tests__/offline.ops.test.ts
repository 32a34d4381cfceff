import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { silentLogger } from '@wallet-service/common';
import { createTestDatabase, type TestDatabase } from '@wallet-service/common/testing/database';
import type { Generated, TruthWallet } from 'fullnode-simulator';
import { createApp } from '../app';
import { parseApiConfig } from '../config';
import { ROUTES } from '../routes';
import { testEnv } from './support/api';
import { readOnlyToken, request, type HttpAnswer, type RequestOptions } from './support/client';
import { startOffline, type Offline } from './support/offline';
import { createAndLoad, scenario, syncEvents } from './support/scenario';

/**
 * Over real HTTP through serverless-offline, on data the daemon's store synced: the freshness headers and
 * ETag revalidation of the snapshot routes, /health behind its API key, /metrics aggregating what every
 * function (each its own offline worker here, OFFLINE_RUNNER=worker-threads, as isolated as Lambda
 * containers) counted, and /openapi.json. The other offline suites use the default in-process runner.
 */
const HEALTH_KEY = 'offline-health-key-0123456789';

/**
 * The node as /health asks it: the simulator serves neither `dag.best_block` in /v1a/status nor
 * /v1a/health, so this stand-in answers those two with a height the test sets.
 */
function healthNode(): { server: Server; height: { value: number }; start(): Promise<string> } {
  const height = { value: 0 };
  const server = createServer((req, res) => {
    const body = req.url === '/v1a/status' ? { dag: { best_block: { height: height.value } } } : req.url === '/v1a/health' ? { status: 'pass' } : null;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' }).end(JSON.stringify(body ?? { error: 'not found' }));
  });
  return {
    server,
    height,
    start: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1a/`))),
  };
}

/** `wallet_api_requests_total` by "route status". */
function requestCounts(metricsText: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of metricsText.matchAll(/^wallet_api_requests_total\{route="([^"]+)",status="(\d+)"\} (\d+)$/gm)) out.set(`${m[1]} ${m[2]}`, Number(m[3]));
  return out;
}

describe('the API under serverless-offline: freshness, ETag, health, metrics, OpenAPI', () => {
  let db: TestDatabase;
  let api: Offline;
  const node = healthNode();
  let g: Generated;
  let wallet: TruthWallet;
  let ro: string;
  let half: number;
  let rest: Promise<void> | undefined;
  /** The second half of the stream, synced once by whichever test needs it first. */
  const syncRest = () => (rest ??= syncEvents(db.pool, g, { from: half }));
  const call = (method: string, path: string, o: RequestOptions = {}) => request(api.baseUrl, method, path, o);
  const syncPoint = async () => {
    const [rows] = await db.pool.query('SELECT last_event_id AS id, UNIX_TIMESTAMP(updated_at) AS time FROM sync_metadata WHERE id = 0');
    const r = (rows as { id: number; time: string }[])[0];
    return { id: String(r.id), time: String(Math.floor(Number(r.time))) };
  };

  beforeAll(async () => {
    db = await createTestDatabase('offline_ops');
    g = scenario('WALLET_ACTIVITY');
    // A wallet loaded before its first transaction; the first half of the stream is synced now, the rest
    // by syncRest (the daemon keeps a ready wallet's tables itself).
    const app = createApp(parseApiConfig(testEnv(db)), { log: silentLogger });
    const setup = g.truth.setup!.wallets[1];
    const id = await createAndLoad(app, setup);
    await app.pool.end();
    wallet = g.truth.wallets![id];
    half = Math.floor(g.stream.events.length / 2);
    await syncEvents(db.pool, g, { to: half });
    api = await startOffline(db, { DEFAULT_SERVER: await node.start(), HEALTH_API_KEY: HEALTH_KEY, OFFLINE_RUNNER: 'worker-threads' });
    ro = await readOnlyToken(api.baseUrl, setup.xpubkey);
  }, 240_000);
  afterAll(async () => {
    await api?.stop();
    await db?.drop();
    node.server.close();
  });

  describe('snapshot routes over HTTP', () => {
    const balances = (o: RequestOptions = {}) => call('GET', 'wallet/balances', { token: ro, ...o });
    const freshness = (res: HttpAnswer) => ({ id: res.headers['x-last-event-id'], time: res.headers['x-last-event-time'] });

    test('balances carry the sync point they were read at and an ETag; If-None-Match revalidates to 304 until new events change them', async () => {
      const first = await balances();
      expect(first.status).toBe(200);
      expect(freshness(first)).toEqual(await syncPoint());
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');

      for (const tags of [first.headers.etag, `W/"stale", ${first.headers.etag}`]) {
        const same = await balances({ headers: { 'If-None-Match': tags } });
        expect({ status: same.status, text: same.text, etag: same.headers.etag, ...freshness(same) }).toEqual({ status: 304, text: '', etag: first.headers.etag, ...(await syncPoint()) });
      }

      await syncRest();
      const after = await balances({ headers: { 'If-None-Match': first.headers.etag } });
      expect(after.status).toBe(200);
      expect(after.body.balances).not.toEqual(first.body.balances);
      expect(after.headers.etag).not.toBe(first.headers.etag);
      const point = await syncPoint();
      expect(freshness(after)).toEqual(point);
      expect(Number(point.id)).toBe(g.stream.events.length - 1);
      const entries = after.body.balances as { token: { id: string }; balance: { unlocked: number | bigint; locked: number | bigint } }[];
      const nonZero = entries.filter((e) => BigInt(e.balance.unlocked) !== 0n || BigInt(e.balance.locked) !== 0n);
      expect(Object.fromEntries(nonZero.map((e) => [e.token.id, { unlocked: BigInt(e.balance.unlocked), locked: BigInt(e.balance.locked) }]))).toEqual(wallet.balances);
      expect((await balances({ headers: { 'If-None-Match': after.headers.etag } })).status).toBe(304);
    });

    test('history revalidates the same way, and a tag of another route does not match', async () => {
      const history = (o: RequestOptions = {}) => call('GET', 'wallet/history', { token: ro, ...o });
      const first = await history();
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect((await history({ headers: { 'If-None-Match': first.headers.etag } })).status).toBe(304);
      const balancesTag = (await balances()).headers.etag;
      expect((await history({ headers: { 'If-None-Match': balancesTag } })).status).toBe(200);
    });
  });

  describe('GET /health (API key)', () => {
    test('without the key, or with another, the gateway answers 403 and the handler never runs', async () => {
      for (const headers of [{}, { 'x-api-key': `${HEALTH_KEY}-not` }] as Record<string, string>[]) {
        const res = await call('GET', 'health', { headers });
        expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: { message: 'Forbidden' } });
      }
    });

    test('with the key: 200 while the synced height keeps up with the node, 503 naming the gap when it does not', async () => {
      await syncRest();
      const ours = g.truth.best_block.height;
      node.height.value = ours + 1;
      const pass = await call('GET', 'health', { headers: { 'x-api-key': HEALTH_KEY } });
      expect(pass.status).toBe(200);
      expect(pass.body).toMatchObject({ status: 'pass', httpStatusCode: 200, description: 'Health status of hathor-wallet-service' });
      const checks = pass.body.checks as Record<string, { status: string; output: string }[]>;
      expect(Object.fromEntries(Object.entries(checks).map(([name, [c]]) => [name, c.status]))).toEqual({ 'mysql:connection': 'pass', 'mysql:block_height': 'pass', 'fullnode:health': 'pass' });
      expect(checks['mysql:block_height'][0].output).toBe(`synced best height ${ours}, node ${ours + 1}`);

      node.height.value = ours + 10;
      const behind = await call('GET', 'health', { headers: { 'x-api-key': HEALTH_KEY } });
      expect(behind.status).toBe(503);
      expect(behind.body).toMatchObject({ status: 'fail', httpStatusCode: 503 });
      const lag = (behind.body.checks as Record<string, { status: string; output: string }[]>)['mysql:block_height'][0];
      expect(lag).toMatchObject({ status: 'fail', output: `synced best height ${ours} is 10 blocks behind the node's ${ours + 10} (limit 5)` });
    });
  });

  test('GET /metrics adds up the requests every function counted (gateway rejections never reach one)', async () => {
    await syncRest();
    const before = requestCounts((await call('GET', 'metrics')).text);
    for (let i = 0; i < 3; i++) expect((await call('GET', 'wallet/status', { token: ro })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await call('GET', 'wallet/tokens', { token: ro })).status).toBe(200);
    expect((await call('GET', 'openapi.json')).status).toBe(200);
    expect((await call('GET', 'wallet/status')).status).toBe(401);
    const res = await call('GET', 'metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = requestCounts(res.text);
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(Object.fromEntries(['walletStatus 200', 'walletStatus 401', 'walletTokens 200', 'openapi 200', 'metrics 200'].map((k) => [k, delta(k)]))).toEqual({
      'walletStatus 200': 3,
      'walletStatus 401': 0,
      'walletTokens 200': 2,
      'openapi 200': 1,
      // The first /metrics request itself, counted once it had answered.
      'metrics 200': 1,
    });
    expect(res.text).toMatch(new RegExp(`^wallet_api_last_event_id\\{network="mainnet"\\} ${g.stream.events.length - 1}$`, 'm'));
    expect(res.text).toMatch(new RegExp(`^wallet_api_best_block_height\\{network="mainnet"\\} ${g.truth.best_block.height}$`, 'm'));
    expect(res.text).toMatch(/^wallet_api_wallets\{status="ready"\} 1$/m);
  });

  test('GET /openapi.json describes every route, with the bearer scheme exactly on the authorized ones', async () => {
    const res = await call('GET', 'openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), name: op.operationId, security: op.security ?? [] })));
    const expected = ROUTES.map((r) => ({
      path: r.path,
      method: r.method,
      name: r.name,
      security: r.auth === 'wallet' || r.auth === 'full' ? [{ bearer: [] }] : r.auth === 'apiKey' ? [{ apiKey: [] }] : [],
    }));
    const byKey = (a: { path: string; method: string }, b: { path: string; method: string }) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`);
    expect(operations.sort(byKey)).toEqual(expected.sort(byKey));
  });
});
