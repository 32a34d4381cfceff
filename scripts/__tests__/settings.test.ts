import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';
import { httpBaseFromWsUrl } from '../../packages/daemon/src/source/settings';
import { apiFollow, followSimulator, readDevSettings, walletNetwork } from '../devstack/settings.cjs';

const dir = mkdtempSync(path.join(tmpdir(), 'devstack-'));
const noDotenv = path.join(dir, 'absent.env');
const read = (env: Record<string, string>, dotenvFile = noDotenv) => readDevSettings(env, { cwd: dir, dotenvFile });
const simulatorArgs = (env: Record<string, string>) => {
  const { node } = read(env);
  if (node.kind !== 'simulator') throw new Error(`expected the simulator, got ${JSON.stringify(node)}`);
  return node.source.args;
};

describe('dev stack settings', () => {
  it('starts the simulator as a live node mining every 5 s by default, at the simulator default port', () => {
    const s = read({});
    expect(s.node).toEqual({ kind: 'simulator', port: undefined, source: { label: 'live node (a block every 5 s)', args: ['--live', '--block-interval', '5'] } });
    expect(simulatorArgs({ SIMULATOR_BLOCK_INTERVAL: '0' })).toEqual(['--live', '--block-interval', '0']);
    expect(read({ SIMULATOR_BLOCK_INTERVAL: '0' }).node).toMatchObject({ source: { label: 'live node (blocks on demand)' } });
    expect(s.healthPort).toBe(8090);
    expect(s.skipInstall).toBe(false);
    expect(s.db).toEqual({ host: '127.0.0.1', port: '3306', user: 'root', hasPassword: false, name: 'wallet_service' });
  });

  it('turns SCENARIO, SEED and REPLAY into simulator flags', () => {
    expect(simulatorArgs({ SCENARIO: 'DEEP_REORG' })).toEqual(['--scenario', 'DEEP_REORG']);
    expect(simulatorArgs({ SCENARIO: 'DEEP_REORG', SEED: '7' })).toEqual(['--scenario', 'DEEP_REORG', '--seed', '7']);
    expect(simulatorArgs({ SEED: '42' })).toEqual(['--random', '--seed', '42']);
    const file = path.join(dir, 'stream.jsonl');
    writeFileSync(file, '');
    expect(simulatorArgs({ REPLAY: 'stream.jsonl' })).toEqual(['--replay', file]);
  });

  it('names the variable of a bad or contradictory setting', () => {
    expect(() => read({ SEED: 'abc' })).toThrow('SEED="abc" is invalid (expected a non-negative integer)');
    expect(() => read({ SIMULATOR_BLOCK_INTERVAL: '-1' })).toThrow('SIMULATOR_BLOCK_INTERVAL="-1" is invalid');
    expect(() => read({ HEALTH_PORT: '80a' })).toThrow('HEALTH_PORT="80a" is invalid');
    expect(() => read({ SIMULATOR_PORT: '70000' })).toThrow('SIMULATOR_PORT="70000" is invalid');
    expect(() => read({ REPLAY: 'missing.jsonl' })).toThrow(`REPLAY="missing.jsonl": no such file (${path.join(dir, 'missing.jsonl')})`);
    expect(() => read({ REPLAY: 'x', SCENARIO: 'REORG' })).toThrow('SCENARIO and REPLAY cannot be combined');
    expect(() => read({ REPLAY: 'x', SEED: '1' })).toThrow('SEED does not apply to REPLAY');
  });

  it('follows a real node named by WS_URL or FULLNODE_HOST, from the environment or .env, instead of the simulator', () => {
    expect(read({ WS_URL: 'ws://node:8080/v1a/event_ws' }).node).toEqual({ kind: 'external', url: 'ws://node:8080/v1a/event_ws' });
    const dotenv = path.join(dir, 'node.env');
    writeFileSync(dotenv, 'FULLNODE_HOST=node.example:8080\nHEALTH_PORT=9000\nDEV_SKIP_INSTALL=1\n');
    const fromFile = read({}, dotenv);
    expect(fromFile.node).toEqual({ kind: 'external', url: 'node.example:8080' });
    expect(fromFile.healthPort).toBe(9000);
    expect(fromFile.skipInstall).toBe(true);
    // The environment wins over .env, and a blank value counts as unset.
    expect(read({ FULLNODE_HOST: '', HEALTH_PORT: '9001' }, dotenv)).toMatchObject({ node: { kind: 'simulator' }, healthPort: 9001 });
  });

  it("maps the node's network name to the wallet-lib network of its addresses", () => {
    expect(walletNetwork('unittests')).toBe('mainnet');
    expect(walletNetwork('mainnet')).toBe('mainnet');
    expect(walletNetwork('testnet-golf')).toBe('testnet');
    expect(walletNetwork('privatenet')).toBe('privatenet');
    expect(walletNetwork('nano-testnet-alpha')).toBeUndefined();
  });

  it('points the daemon at the stream the simulator serves, the served network deciding the address network', () => {
    const served = { wsUrl: 'ws://127.0.0.1:9/v1a/event_ws', peerId: 'peer', streamId: 'stream', network: 'unittests' };
    // NETWORK=testnet stands for a setting left in .env for a real node.
    expect(followSimulator(read({ NETWORK: 'testnet' }), served)).toEqual({
      WS_URL: 'ws://127.0.0.1:9/v1a/event_ws',
      FULLNODE_PEER_ID: 'peer',
      FULLNODE_STREAM_ID: 'stream',
      FULLNODE_NETWORK: 'unittests',
      FETCH_FULLNODE_IDS: 'false',
      NETWORK: 'mainnet',
    });
    const odd = { ...served, network: 'nano-alpha' };
    expect(followSimulator(read({ NETWORK: 'privatenet' }), odd).NETWORK).toBe('privatenet');
    expect(() => followSimulator(read({}), odd)).toThrow('the simulator serves network "nano-alpha", unknown to wallet-lib; set NETWORK');
  });

  it("runs the wallet API on serverless offline's default ports unless told otherwise", () => {
    expect(read({}).api).toMatchObject({ host: '127.0.0.1', port: 3000, wsPort: 3001, lambdaPort: 3002, hasAuthSecret: false });
    expect(read({ API_PORT: '4000', API_LAMBDA_PORT: '4002', AUTH_SECRET: 'x'.repeat(32) }).api).toMatchObject({ port: 4000, wsPort: 3001, lambdaPort: 4002, hasAuthSecret: true });
    expect(() => read({ API_WS_PORT: '0' })).toThrow('API_WS_PORT="0" is invalid');
  });

  it('points the wallet API at the simulator, with the network the daemon gets, whatever .env says for a real node', () => {
    const served = { wsUrl: 'ws://127.0.0.1:9/v1a/event_ws', httpUrl: 'http://127.0.0.1:9', peerId: 'peer', streamId: 'stream', network: 'unittests' };
    const settings = read({ NETWORK: 'testnet', DEFAULT_SERVER: 'https://node1.mainnet.hathor.network/v1a/' });
    expect(apiFollow(settings, served)).toEqual({ DEFAULT_SERVER: 'http://127.0.0.1:9/v1a/', NETWORK: followSimulator(settings, served).NETWORK });
    expect(apiFollow(settings, served).NETWORK).toBe('mainnet');
  });

  it('points the wallet API at the real node the daemon follows: DEFAULT_SERVER, else FULLNODE_HOST, else the host of WS_URL', () => {
    const ws = 'wss://gw.example.com/fullnode/v1a/event_ws';
    expect(apiFollow(read({ WS_URL: ws, NETWORK: 'testnet' }))).toEqual({ DEFAULT_SERVER: `${httpBaseFromWsUrl(ws)}/v1a/`, NETWORK: 'testnet' });
    expect(apiFollow(read({ WS_URL: ws, NETWORK: 'testnet' })).DEFAULT_SERVER).toBe('https://gw.example.com/fullnode/v1a/');
    expect(apiFollow(read({ FULLNODE_HOST: 'node.example:8080', USE_SSL: 'true', NETWORK: 'mainnet' })).DEFAULT_SERVER).toBe('https://node.example:8080/v1a/');
    expect(apiFollow(read({ FULLNODE_HOST: 'node.example:8080', NETWORK: 'mainnet' })).DEFAULT_SERVER).toBe('http://node.example:8080/v1a/');
    expect(apiFollow(read({ WS_URL: ws, DEFAULT_SERVER: 'http://other:8080/v1a/', NETWORK: 'mainnet' })).DEFAULT_SERVER).toBe('http://other:8080/v1a/');
    expect(() => apiFollow(read({ WS_URL: ws }))).toThrow('NETWORK is not set');
  });
});
