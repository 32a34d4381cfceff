#!/usr/bin/env node
'use strict';
// `make dev`: install, build, migrate and seed, then start the services (simulated full node → daemon →
// wallet API under serverless offline) with the settings that make them talk to each other, say where each listens, and
// stop them all on Ctrl-C (SIGTERM, then SIGKILL after a bounded time; exit 0).
//
//   node scripts/dev.cjs      settings from the environment and .env (see .env.example, "dev stack")
const path = require('path');
const { setTimeout: sleep } = require('timers/promises');
const { REPO_ROOT, DevError, readDevSettings, followSimulator, apiFollow } = require('./devstack/settings.cjs');
const { runStep, startService, stopChild, isRunning, assertPortFree, waitForHttp, describeExit } = require('./devstack/processes.cjs');

const SIMULATOR_CLI = path.join(REPO_ROOT, 'packages/fullnode-simulator/dist/cli.js');
const SIMULATOR_DEFAULTS = path.join(REPO_ROOT, 'packages/fullnode-simulator/dist/server/defaults.js');
const DAEMON_MAIN = path.join(REPO_ROOT, 'packages/daemon/dist/main.js');
const API_START = path.join(REPO_ROOT, 'packages/wallet-service/scripts/offline.cjs');
// Generating a large scenario takes a while; the daemon's health server is up within a second.
const SIMULATOR_START_TIMEOUT_MS = 300_000;
const DAEMON_START_TIMEOUT_MS = 60_000;
const SIMULATOR_GRACE_MS = 5_000;
// Bundling plus serverless offline's start take 10-20 s, more on a busy machine.
const API_START_TIMEOUT_MS = 180_000;
const API_GRACE_MS = 10_000;

const say = (line) => process.stdout.write(`dev: ${line}\n`);

/** Every child started so far (setup steps and services), stopped in reverse order. */
const children = [];
let stopping = false;

const fail = (line) => process.stderr.write(`dev: ${line}\n`);

async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter(({ child }) => isRunning(child)).reverse();
  if (alive.length === 0) process.exit(exitCode);
  say(`stopping ${alive.map((c) => c.name).join(', ')} (Ctrl-C again kills at once)`);
  for (const { name, child, graceMs } of alive) {
    await stopChild(child, graceMs, (line) => say(`${name}: ${line}`));
  }
  say('stopped');
  process.exit(exitCode);
}

function onSignal(signal) {
  if (stopping) {
    for (const { child } of children) if (isRunning(child)) child.kill('SIGKILL');
    process.exit(1);
  }
  say(`${signal} received`);
  void shutdown(0);
}

function step(command, args) {
  say(`$ ${command} ${args.join(' ')}`);
  return runStep(command, args, { cwd: REPO_ROOT, track: (child) => children.push({ name: command, child, graceMs: 5_000 }) });
}

function start(name, command, args, options, graceMs) {
  const service = startService(name, command, args, options);
  children.push({ name, child: service.child, graceMs });
  return service;
}

/** The simulator's 'serving' log line says where it listens and which stream it serves. */
function parseServing(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (entry === null || entry.msg !== 'serving' || typeof entry.wsUrl !== 'string') return undefined;
  for (const key of ['httpUrl', 'peerId', 'streamId', 'network']) {
    if (typeof entry[key] !== 'string') throw new DevError(`the simulator's "serving" line has no ${key}: ${line}`);
  }
  return entry;
}

function rejectAfter(ms, message) {
  return sleep(ms, undefined, { ref: false }).then(() => Promise.reject(new DevError(message)));
}

/** The simulated full node; resolves once it serves, with what it serves. */
function simulator(settings) {
  const defaults = () => require(SIMULATOR_DEFAULTS);
  const port = () => settings.node.port ?? defaults().DEFAULT_PORT;
  return {
    ports: () => [{ port: port(), host: defaults().DEFAULT_HOST, variable: 'SIMULATOR_PORT', what: 'the simulated full node' }],
    async start(ctx) {
      let served;
      const serving = new Promise((resolve, reject) => (served = { resolve, reject }));
      const onLine = (line) => {
        try {
          const entry = parseServing(line);
          if (entry) served.resolve(entry);
        } catch (err) {
          served.reject(err);
        }
      };
      const args = [SIMULATOR_CLI, ...settings.node.source.args, '--port', String(port())];
      const service = start('simulator', process.execPath, args, { env: process.env, onLine }, SIMULATOR_GRACE_MS);
      ctx.node = await Promise.race([
        serving,
        service.exited.then((how) => Promise.reject(new DevError(`the simulator exited (${describeExit(how)}) before serving`))),
        rejectAfter(SIMULATOR_START_TIMEOUT_MS, `the simulator did not start serving within ${SIMULATOR_START_TIMEOUT_MS / 1000} s`),
      ]);
      return service;
    },
    listens: (ctx) => [
      `full node   simulator, ${settings.node.source.label}: ${ctx.node.wsUrl} and ${ctx.node.httpUrl}/v1a/`,
      // a live node also stands in for the tx-mining service the wallet client is given
      ...(typeof ctx.node.txMiningUrl === 'string' ? [`tx mining   ${ctx.node.txMiningUrl}`] : []),
      ...(typeof ctx.node.premineAddress === 'string'
        ? [`premine     ${ctx.node.premineAddress}${typeof ctx.node.devSeedWords === 'string' ? ` (development seed: ${ctx.node.devSeedWords})` : ''}`]
        : []),
    ],
    tryLines: (ctx) => [`curl -s ${ctx.node.httpUrl}/v1a/version`],
  };
}

function daemon(settings) {
  const base = `http://127.0.0.1:${settings.healthPort}`;
  return {
    ports: () => [{ port: settings.healthPort, host: undefined, variable: 'HEALTH_PORT', what: "the daemon's health and metrics server" }],
    async start(ctx) {
      const follow = ctx.node ? followSimulator(settings, ctx.node) : {};
      const env = { ...process.env, ...follow, HEALTH_PORT: String(settings.healthPort) };
      // stdout stays the terminal's, so the daemon draws its live catch-up progress there.
      const service = start('daemon', process.execPath, [DAEMON_MAIN], { env }, settings.daemonGraceMs);
      await waitForHttp(`${base}/health`, service, DAEMON_START_TIMEOUT_MS);
      return service;
    },
    listens: () => [`daemon      ${base}/health and ${base}/metrics`],
    tryLines: () => [`curl -s ${base}/health`, `curl -s ${base}/metrics | grep '^daemon_'`],
  };
}

/** The wallet API under serverless offline (packages/wallet-service/scripts/offline.cjs), on the node the daemon follows. */
function api(settings) {
  const { host, port, wsPort, lambdaPort } = settings.api;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  const base = `http://${shown}:${port}/dev/`;
  return {
    ports: () => [
      { port, host, variable: 'API_PORT', what: 'the wallet API' },
      { port: wsPort, host, variable: 'API_WS_PORT', what: "the wallet API's websocket port" },
      { port: lambdaPort, host, variable: 'API_LAMBDA_PORT', what: "the wallet API's Lambda invoke port" },
    ],
    async start(ctx) {
      const env = {
        ...process.env,
        ...apiFollow(settings, ctx.node),
        API_HOST: host,
        API_PORT: String(port),
        API_WS_PORT: String(wsPort),
        API_LAMBDA_PORT: String(lambdaPort),
        // The wallet load is an Event invoke of this offline's own load function.
        WALLET_LOAD_INVOKER: 'lambda',
        LAMBDA_ENDPOINT: `http://127.0.0.1:${lambdaPort}`,
      };
      const service = start('wallet API', process.execPath, [API_START], { env }, API_GRACE_MS);
      await waitForHttp(`${base}openapi.json`, service, API_START_TIMEOUT_MS);
      ctx.api = { defaultServer: env.DEFAULT_SERVER };
      return service;
    },
    listens: (ctx) => [
      `wallet API  ${base} (serverless offline, Lambda invoke port ${lambdaPort}; full node ${ctx.api.defaultServer})`,
      ...(settings.api.hasAuthSecret ? [] : ['            tokens are signed with a random AUTH_SECRET of this run (set AUTH_SECRET to keep them valid across restarts)']),
    ],
    tryLines: () => [`curl -s ${base}version`, `curl -s ${base}metrics | grep '^wallet_api_'`],
  };
}

/** The long-running services, started in this order (each may use what the previous ones serve). */
function services(settings) {
  const list = settings.node.kind === 'simulator' ? [simulator(settings)] : [];
  list.push(daemon(settings), api(settings));
  return list;
}

function printBanner(settings, ctx, list) {
  const { db } = settings;
  const mysql = `mysql -h ${db.host} -P ${db.port} -u ${db.user}${db.hasPassword ? ' -p' : ''} ${db.name}`;
  const lines = [
    'the stack is up',
    ...(settings.node.kind === 'external' ? [`  full node   ${settings.node.url} (WS_URL / FULLNODE_HOST)`] : []),
    ...list.flatMap((s) => s.listens(ctx).map((line) => `  ${line}`)),
    `  database    ${db.user}@${db.host}:${db.port}/${db.name}`,
    'what to try:',
    ...list.flatMap((s) => s.tryLines(ctx).map((line) => `  ${line}`)),
    `  ${mysql} -e 'SELECT address, token_id, unlocked_balance, locked_balance FROM address_balance LIMIT 10'`,
    "the daemon's catch-up progress follows; Ctrl-C stops everything",
  ];
  for (const line of lines) say(line);
}

async function main() {
  const settings = readDevSettings();
  if (!settings.skipInstall) await step('yarn', ['install', '--immutable']);
  await step('yarn', ['build']);
  // After the build (the simulator's default port comes from its package), before touching the database.
  const list = services(settings);
  for (const { port, host, variable, what } of list.flatMap((s) => s.ports())) await assertPortFree(port, host, variable, what);
  await step('yarn', ['db:setup']);

  const ctx = {};
  const started = [];
  for (const service of list) started.push(await service.start(ctx));
  printBanner(settings, ctx, list);

  const { service, how } = await Promise.race(started.map((s) => s.exited.then((exit) => ({ service: s, how: exit }))));
  // A Ctrl-C on the terminal reaches the children too; give our own SIGINT handler the moment it needs to
  // mark the stop as asked for before calling the exit a failure.
  await sleep(200);
  if (stopping) return;
  fail(`${service.name} exited (${describeExit(how)})`);
  await shutdown(1);
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Last resort (an unexpected crash of this script): no child outlives it.
process.on('exit', () => {
  for (const { child } of children) if (isRunning(child)) child.kill('SIGKILL');
});

main().catch((err) => {
  if (stopping) return;
  fail(err instanceof DevError ? err.message : err.stack);
  void shutdown(1);
});
