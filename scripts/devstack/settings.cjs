'use strict';
// What `make dev` starts, decided from the environment and .env (the environment wins; a blank value
// counts as unset, as for every service of the repository).
const fs = require('fs');
const path = require('path');
const dotenv = require('dotenv');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_BLOCK_INTERVAL = '5';
const DEFAULT_HEALTH_PORT = 8090;
// serverless-offline's ports for the wallet API (serverless.yml custom.serverless-offline).
const DEFAULT_API = { host: '127.0.0.1', port: 3000, wsPort: 3001, lambdaPort: 3002 };
const DAEMON_SOURCE_SETTINGS = path.join(REPO_ROOT, 'packages/daemon/dist/source/settings.js');

/** A problem the user can fix: printed as one line, exit code 1. */
class DevError extends Error {}

/** Looks variables up in the environment, then in .env; blank means unset. */
function envReader(env = process.env, dotenvFile = path.join(REPO_ROOT, '.env')) {
  const fromFile = fs.existsSync(dotenvFile) ? dotenv.parse(fs.readFileSync(dotenvFile)) : {};
  return (name) => {
    const value = env[name] ?? fromFile[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
}

function port(read, name, fallback) {
  const text = read(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) {
    throw new DevError(`${name}=${JSON.stringify(text)} is invalid (expected a TCP port number (1-65535))`);
  }
  return value;
}

/**
 * The simulator's source flags from SCENARIO / REPLAY / SEED; with none of them a live node, so that
 * wallets can send (it accepts and mines transactions, and its premine pays the development seed).
 */
function simulatorSource(read, cwd) {
  const scenario = read('SCENARIO');
  const replay = read('REPLAY');
  const seed = read('SEED');
  const interval = read('SIMULATOR_BLOCK_INTERVAL') ?? DEFAULT_BLOCK_INTERVAL;
  if (!/^\d+(\.\d+)?$/.test(interval)) {
    throw new DevError(`SIMULATOR_BLOCK_INTERVAL=${JSON.stringify(interval)} is invalid (expected seconds between blocks, 0 = only on demand)`);
  }
  if (seed !== undefined && !/^\d+$/.test(seed)) throw new DevError(`SEED=${JSON.stringify(seed)} is invalid (expected a non-negative integer)`);
  if (replay !== undefined) {
    if (scenario !== undefined) throw new DevError('SCENARIO and REPLAY cannot be combined: set one of them');
    if (seed !== undefined) throw new DevError('SEED does not apply to REPLAY (a replay file is served as recorded)');
    const file = path.resolve(cwd, replay);
    if (!fs.existsSync(file)) throw new DevError(`REPLAY=${JSON.stringify(replay)}: no such file (${file})`);
    return { label: `replay of ${file}`, args: ['--replay', file] };
  }
  if (scenario === undefined && seed !== undefined) return { label: `random stream, seed ${seed}`, args: ['--random', '--seed', seed] };
  if (scenario === undefined) {
    const every = Number(interval) === 0 ? 'blocks on demand' : `a block every ${interval} s`;
    return { label: `live node (${every})`, args: ['--live', '--block-interval', interval] };
  }
  const seedArgs = seed === undefined ? [] : ['--seed', seed];
  return { label: `scenario ${scenario}${seed === undefined ? '' : `, seed ${seed}`}`, args: ['--scenario', scenario, ...seedArgs] };
}

/**
 * The wallet-lib network (address version bytes) for a node's network name. The node's `unittests`
 * network, which the simulator serves by default, uses mainnet's version bytes.
 */
function walletNetwork(nodeNetwork) {
  if (nodeNetwork === 'mainnet' || nodeNetwork === 'unittests') return 'mainnet';
  if (nodeNetwork === 'privatenet') return 'privatenet';
  if (nodeNetwork.startsWith('testnet')) return 'testnet';
  return undefined;
}

/**
 * The daemon's settings for following the simulator: its websocket and the identity of the stream it says
 * it serves. The served network decides the wallet-lib network (a NETWORK left in .env for a real node must
 * not garble wallet addresses); NETWORK is only asked for when the name has no known counterpart.
 */
function followSimulator(settings, served) {
  const network = walletNetwork(served.network) ?? settings.userNetwork;
  if (network === undefined) {
    throw new DevError(`the simulator serves network ${JSON.stringify(served.network)}, unknown to wallet-lib; set NETWORK (mainnet, testnet or privatenet) for its addresses`);
  }
  return {
    WS_URL: served.wsUrl,
    FULLNODE_PEER_ID: served.peerId,
    FULLNODE_STREAM_ID: served.streamId,
    FULLNODE_NETWORK: served.network,
    FETCH_FULLNODE_IDS: 'false',
    NETWORK: network,
  };
}

/**
 * What the wallet API is pointed at: the node the daemon follows and the daemon's address network. With
 * the simulator, its HTTP API and served network (a DEFAULT_SERVER or NETWORK left in .env for a real
 * node must not split the two services); with a real node, DEFAULT_SERVER when set, else the HTTP API of
 * the node the daemon reads (FULLNODE_HOST, or WS_URL's host by the daemon's own rule).
 */
function apiFollow(settings, served) {
  if (served) return { DEFAULT_SERVER: `${served.httpUrl}/v1a/`, NETWORK: followSimulator(settings, served).NETWORK };
  const { defaultServer, wsUrl, fullnodeHost, useSsl } = settings.api.node;
  let base = defaultServer;
  if (base === undefined && fullnodeHost !== undefined) base = `${useSsl ? 'https' : 'http'}://${fullnodeHost.replace(/\/+$/, '')}/v1a/`;
  // Built by then (`make dev` builds before it starts anything).
  if (base === undefined) base = `${require(DAEMON_SOURCE_SETTINGS).httpBaseFromWsUrl(wsUrl)}/v1a/`;
  if (settings.userNetwork === undefined) throw new DevError('NETWORK is not set: the daemon and the wallet API need the network (mainnet, testnet or privatenet) of the node of WS_URL / FULLNODE_HOST');
  return { DEFAULT_SERVER: base, NETWORK: settings.userNetwork };
}

/**
 * With WS_URL or FULLNODE_HOST set the daemon follows that node (and reads its FULLNODE_* settings
 * itself); otherwise a simulator is started.
 * @typedef {{ kind: 'external', url: string }
 *   | { kind: 'simulator', port: number | undefined, source: { label: string, args: string[] } }} NodeChoice
 * @returns {NodeChoice}
 */
function nodeChoice(read, cwd) {
  const url = read('WS_URL') ?? read('FULLNODE_HOST');
  if (url) return { kind: 'external', url };
  // port undefined: the simulator's own default (its package's DEFAULT_PORT, known once it is built)
  return { kind: 'simulator', port: port(read, 'SIMULATOR_PORT', undefined), source: simulatorSource(read, cwd) };
}

/**
 * Everything the dev stack needs to know before it starts anything. (The JSDoc types are what the
 * TypeScript tests of this module are checked against.)
 * @param {Record<string, string | undefined>} [env]
 * @param {{ cwd?: string, dotenvFile?: string }} [options]
 */
function readDevSettings(env = process.env, { cwd = process.cwd(), dotenvFile } = {}) {
  const read = envReader(env, dotenvFile);
  const db = {
    host: read('DB_ENDPOINT') ?? '127.0.0.1',
    port: read('DB_PORT') ?? '3306',
    user: read('DB_USER') ?? 'root',
    hasPassword: read('DB_PASS') !== undefined,
    name: read('DB_NAME') ?? 'wallet_service',
  };
  return {
    skipInstall: read('DEV_SKIP_INSTALL') === '1',
    healthPort: port(read, 'HEALTH_PORT', DEFAULT_HEALTH_PORT),
    // The daemon's own bound on a graceful stop, plus a margin before it is killed.
    daemonGraceMs: (Number(read('DAEMON_SHUTDOWN_TIMEOUT_MS')) || 15_000) + 5_000,
    userNetwork: read('NETWORK'),
    db,
    api: {
      host: read('API_HOST') ?? DEFAULT_API.host,
      port: port(read, 'API_PORT', DEFAULT_API.port),
      wsPort: port(read, 'API_WS_PORT', DEFAULT_API.wsPort),
      lambdaPort: port(read, 'API_LAMBDA_PORT', DEFAULT_API.lambdaPort),
      // Generated per run by the offline start when unset.
      hasAuthSecret: read('AUTH_SECRET') !== undefined,
      node: { defaultServer: read('DEFAULT_SERVER'), wsUrl: read('WS_URL'), fullnodeHost: read('FULLNODE_HOST'), useSsl: ['true', '1', 'yes'].includes((read('USE_SSL') ?? '').toLowerCase()) },
    },
    node: nodeChoice(read, cwd),
  };
}

module.exports = { REPO_ROOT, DevError, readDevSettings, simulatorSource, walletNetwork, followSimulator, apiFollow };
