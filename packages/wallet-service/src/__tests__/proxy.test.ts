import { freePort } from '@wallet-service/common/testing/ports';
import { proxyGraphviz } from '../routes/proxy/graphviz';
import { proxyNanoState } from '../routes/proxy/nano';
import { proxyConfirmationData, proxyTransaction } from '../routes/proxy/transaction';
import { version } from '../routes/ops/version';
import { createTestApi, rows, type TestApi } from './support/api';
import { startFakeNode, type FakeNode } from './support/fakeNode';
import { NODE_VERSION as MAINNET_NODE_VERSION } from './support/nodeVersion';
import { call } from './support/http';

/**
 * The full-node proxies and the version cache against a real HTTP server in the node's place: answers
 * relayed exactly (integers beyond 2^53 too), and a node that is down, slow or broken gives a prompt
 * 502 / 504 naming the node — never a 500 and never a hang to the Lambda's timeout.
 */
const TX = 'ab'.repeat(32);
const as = { walletId: 'w'.repeat(64), mode: 'ro' as const };
const NODE_VERSION = {
  ...MAINNET_NODE_VERSION,
  version: '0.67.0',
  nano_contracts_enabled: 'feature_activation',
  min_weight: 21,
  decimal_places: 2,
  genesis_block_hash: 'aa'.repeat(32),
  native_token: { name: 'Hathor', symbol: 'HTR' },
};

describe('full-node proxies and the version cache', () => {
  let api: TestApi;
  let node: FakeNode;
  let app: TestApi['app'];
  beforeAll(async () => {
    api = await createTestApi('proxy');
    node = await startFakeNode();
    app = api.withApp({ DEFAULT_SERVER: node.url, FULLNODE_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await node?.close();
    await api?.close();
  });

  test('relays the node answer as it came, amounts beyond 2^53 exact', async () => {
    const text = `{"success":true,"tx":{"hash":"${TX}","outputs":[{"value":18446744073709551615}]},"meta":{"hash":"${TX}"}}`;
    node.answer('/v1a/transaction', { body: text });
    const res = await call(proxyTransaction, app, { as, params: { txId: TX } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(text);
    expect(node.requests.at(-1)).toBe(`/v1a/transaction?id=${TX}`);
    node.answer('/v1a/transaction_acc_weight', { body: '{"success":true,"accumulated_weight":20.5,"accumulated_bigger":true,"stop_value":20,"confirmation_level":1}' });
    expect((await call(proxyConfirmationData, app, { as, params: { txId: TX } })).body).toMatchObject({ confirmation_level: 1, stop_value: 20 });
  });

  test('graphviz comes back as a JSON string; nano state keys repeat as arrays', async () => {
    node.answer('/v1a/graphviz/neighbours.dot', { body: 'digraph { a -> b }', contentType: 'text/plain' });
    const dot = await call(proxyGraphviz, app, { as, query: { txId: TX, graphType: 'funds', maxLevel: '2' } });
    expect(dot.text).toBe(JSON.stringify('digraph { a -> b }'));
    expect(node.requests.at(-1)).toBe(`/v1a/graphviz/neighbours.dot?tx=${TX}&graph_type=funds&max_level=2`);
    node.answer('/v1a/nano_contract/state', { body: '{"success":true,"fields":{}}' });
    await call(proxyNanoState, app, { as, query: { id: TX, fields: ['a', 'b'], 'fields[]': ['c'] } });
    expect(decodeURIComponent(node.requests.at(-1)!)).toBe(`/v1a/nano_contract/state?id=${TX}&fields[]=a&fields[]=b&fields[]=c`);
  });

  test.each([
    ['slow', { body: '{}', delayMs: 1500 } as const, 504, 'fullnode-timeout', /did not answer within 300 ms/],
    ['hanging', 'hang' as const, 504, 'fullnode-timeout', /did not answer within 300 ms/],
    ['failing with HTTP 500', { status: 500, body: 'oops' } as const, 502, 'fullnode-error', /answered transaction with HTTP 500/],
    ['answering something that is not JSON', { body: '<html>' } as const, 502, 'fullnode-error', /not JSON/],
  ])('a node that is %s: a prompt 502 or 504 naming the node', async (_what, answer, status, code, message) => {
    node.answer('/v1a/transaction', answer);
    const started = Date.now();
    const res = await call(proxyTransaction, app, { as, params: { txId: TX } });
    expect(Date.now() - started).toBeLessThan(1200);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
    expect(String(res.body.message)).toMatch(message);
    expect(String(res.body.message)).toContain(node.url);
  });

  test('a node that is down gives 502 fullnode-unavailable naming it', async () => {
    const gone = `http://127.0.0.1:${await freePort()}/v1a/`;
    const res = await call(proxyTransaction, api.withApp({ DEFAULT_SERVER: gone }), { as, params: { txId: TX } });
    expect(res).toMatchObject({ status: 502, body: { error: 'fullnode-unavailable' } });
    expect(String(res.body.message)).toBe(`the full node at ${gone} is unreachable (ECONNREFUSED)`);
  });

  describe('GET /version', () => {
    test("maps the node's version, caches it with the time it was fetched, and serves the cache", async () => {
      node.answer('/v1a/version', { body: JSON.stringify(NODE_VERSION) });
      const clocked = api.withApp({ DEFAULT_SERVER: node.url, VERSION_CACHE_TTL_S: '3600' }, { clock: () => 1_800_000_000 });
      const res = await call(version, clocked, {});
      expect(res.body).toEqual({
        success: true,
        data: {
          timestamp: 1_800_000_000,
          version: '0.67.0',
          network: 'mainnet',
          nanoContractsEnabled: true,
          minWeight: 21,
          minTxWeight: 14,
          minTxWeightCoefficient: 1.6,
          minTxWeightK: 100,
          tokenDepositPercentage: 0.01,
          rewardSpendMinBlocks: 300,
          maxNumberInputs: 255,
          maxNumberOutputs: 255,
          decimalPlaces: 2,
          nativeTokenName: 'Hathor',
          nativeTokenSymbol: 'HTR',
          genesisBlockHash: 'aa'.repeat(32),
          genesisTx1Hash: null,
          genesisTx2Hash: null,
        },
      });
      expect(await rows(api.db.pool, 'SELECT timestamp FROM version_data')).toEqual([{ timestamp: '1800000000' }]);
      const fetches = node.requests.filter((r) => r === '/v1a/version').length;
      await call(version, api.withApp({ DEFAULT_SERVER: node.url }, { clock: () => 1_800_003_599 }), {});
      expect(node.requests.filter((r) => r === '/v1a/version').length).toBe(fetches);
      // An hour later it asks again and stamps the new fetch (the API we replace kept the old stamp).
      await call(version, api.withApp({ DEFAULT_SERVER: node.url }, { clock: () => 1_800_003_600 }), {});
      expect(node.requests.filter((r) => r === '/v1a/version').length).toBe(fetches + 1);
      expect(await rows(api.db.pool, 'SELECT timestamp FROM version_data')).toEqual([{ timestamp: '1800003600' }]);
    });

    test('a stale cache is served while the node is away; with no cache the node error shows', async () => {
      node.answer('/v1a/version', { status: 503, body: 'down' });
      const stale = await call(version, api.withApp({ DEFAULT_SERVER: node.url }, { clock: () => 1_900_000_000 }), {});
      expect(stale.status).toBe(200);
      expect((stale.body.data as { version: string }).version).toBe('0.67.0');
      await api.db.pool.query('DELETE FROM version_data');
      const none = await call(version, api.withApp({ DEFAULT_SERVER: node.url }), {});
      expect(none).toMatchObject({ status: 502, body: { error: 'fullnode-error' } });
      node.answer('/v1a/version', { body: JSON.stringify({ ...NODE_VERSION, min_tx_weight: undefined }) });
      const broken = await call(version, api.withApp({ DEFAULT_SERVER: node.url }), {});
      expect(broken.status).toBe(502);
      expect(String(broken.body.message)).toMatch(/without valid min_tx_weight/);
    });
  });
});
