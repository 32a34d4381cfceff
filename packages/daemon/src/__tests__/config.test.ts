import { readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseDotenv } from 'dotenv';
import { ConfigError, parseConfig } from '@wallet-service/common';
import { parseDaemonConfig } from '../config';
import { httpBaseFromWsUrl, sourceSpec } from '../source/settings';
import { syncSpec } from '../sync/settings';
import { outboxSpec } from '../outbox/settings';

const base = {
  NETWORK: 'mainnet',
  WS_URL: 'ws://node:8080/v1a/event_ws',
  FULLNODE_PEER_ID: 'peer',
  FULLNODE_STREAM_ID: 'stream',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    parseDaemonConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('daemon settings', () => {
  it('applies the documented defaults', () => {
    const c = parseDaemonConfig(base);
    expect(c).toMatchObject({
      SYNC_BATCH_SIZE: 2000,
      SYNC_WINDOW_SIZE: 2000,
      TX_CACHE_SIZE: 10_000,
      ACK_TIMEOUT_MS: 20_000,
      TIMELOCK_SETTLE_INTERVAL_MS: 30_000,
      FULLNODE_NETWORK: 'mainnet',
      DB_ENDPOINT: '127.0.0.1',
      HEALTH_PORT: 8090,
    });
    expect(c.source).toMatchObject({ wsUrl: base.WS_URL, httpBase: 'http://node:8080', fetchIds: false });
  });

  it('keeps a FULLNODE_NETWORK that differs from the wallet-lib NETWORK', () => {
    expect(parseDaemonConfig({ ...base, NETWORK: 'testnet', FULLNODE_NETWORK: 'testnet-golf' }).FULLNODE_NETWORK).toBe('testnet-golf');
  });

  it('requires NETWORK and names the accepted values', () => {
    const { NETWORK: _n, ...noNetwork } = base;
    const err = configError(noNetwork);
    expect(err.message).toBe('NETWORK is not set (expected one of mainnet, testnet, privatenet)');
    expect(configError({ ...base, NETWORK: 'unittests' }).variable).toBe('NETWORK');
  });

  it('requires the peer and stream ids unless they are fetched from the node', () => {
    const { FULLNODE_PEER_ID: _p, ...noPeer } = base;
    expect(configError(noPeer).message).toMatch(/^FULLNODE_PEER_ID is not set \(expected the node's peer id/);
    const { FULLNODE_STREAM_ID: _s, ...noStream } = base;
    expect(configError(noStream).variable).toBe('FULLNODE_STREAM_ID');
    const fetched = parseDaemonConfig({ NETWORK: 'privatenet', WS_URL: base.WS_URL, FETCH_FULLNODE_IDS: 'true' });
    expect(fetched.source.fetchIds).toBe(true);
  });

  it('needs WS_URL or FULLNODE_HOST', () => {
    const { WS_URL: _w, ...noUrl } = base;
    expect(configError(noUrl).message).toMatch(/^WS_URL is not set/);
    expect(configError({ ...base, WS_URL: 'http://node/v1a/event_ws' }).variable).toBe('WS_URL');
  });

  it('builds both URLs from FULLNODE_HOST and USE_SSL, like the upstream daemon', () => {
    const { WS_URL: _w, ...noUrl } = base;
    const c = parseDaemonConfig({ ...noUrl, FULLNODE_HOST: 'node.example.com:8083', USE_SSL: 'true' });
    expect(c.source.wsUrl).toBe('wss://node.example.com:8083/v1a/event_ws');
    expect(c.source.httpBase).toBe('https://node.example.com:8083');
  });

  it('takes the HTTP API from FULLNODE_HOST when both are set', () => {
    const c = parseDaemonConfig({ ...base, FULLNODE_HOST: 'api.internal:9000' });
    expect(c.source).toMatchObject({ wsUrl: base.WS_URL, httpBase: 'http://api.internal:9000' });
  });

  it('names malformed numbers and inconsistent backoff limits', () => {
    expect(configError({ ...base, SYNC_BATCH_SIZE: '0' }).message).toBe('SYNC_BATCH_SIZE="0" is invalid (expected an integer between 1 and 100000)');
    expect(configError({ ...base, TIMELOCK_SETTLE_INTERVAL_MS: '-1' }).variable).toBe('TIMELOCK_SETTLE_INTERVAL_MS');
    expect(parseDaemonConfig({ ...base, TIMELOCK_SETTLE_INTERVAL_MS: '0' }).TIMELOCK_SETTLE_INTERVAL_MS).toBe(0);
    expect(configError({ ...base, TX_CACHE_SIZE: '-1' }).message).toBe('TX_CACHE_SIZE="-1" is invalid (expected an integer between 0 and 10000000)');
    expect(parseDaemonConfig({ ...base, TX_CACHE_SIZE: '0' }).TX_CACHE_SIZE).toBe(0);
    expect(configError({ ...base, RECONNECT_BASE_DELAY_MS: '5000', RECONNECT_MAX_DELAY_MS: '100' }).variable).toBe('RECONNECT_MAX_DELAY_MS');
  });

  it('runs the ops cross-checks too', () => {
    expect(configError({ ...base, HEALTHCHECK_ENABLED: 'true' }).variable).toBe('HEALTHCHECK_SERVER_URL');
  });
});

describe('.env.example', () => {
  it('documents every stream, sync and outbox variable, with the defaults the code uses', () => {
    const example = parseDotenv(readFileSync(join(__dirname, '../../../../.env.example'), 'utf8'));
    const spec = { ...sourceSpec, ...syncSpec, ...outboxSpec };
    for (const name of Object.keys(spec)) expect(example).toHaveProperty(name);
    const required = { NETWORK: 'mainnet' };
    expect(parseConfig(spec, { ...example, ...required })).toEqual(parseConfig(spec, required));
  });
});

describe('HTTP base from the websocket URL', () => {
  it.each([
    ['ws://127.0.0.1:8080/v1a/event_ws', 'http://127.0.0.1:8080'],
    ['wss://node.example.com/v1a/event_ws', 'https://node.example.com'],
    ['wss://gw.example.com/fullnode/v1a/event_ws', 'https://gw.example.com/fullnode'],
    ['ws://node:81/custom', 'http://node:81'],
  ])('%s → %s', (ws, http) => {
    expect(httpBaseFromWsUrl(ws)).toBe(http);
  });
});
