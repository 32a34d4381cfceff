#!/usr/bin/env node
// `yarn workspace wallet-service start`: the API under serverless-offline, against the DB_* database.
// Reads the environment plus the repository's .env (set variables win), bundles the handlers, makes the
// new-tx queue NEW_TX_SQS answer (scripts/sqs-offline.cjs: a local SQS when nothing serves that loopback
// URL), starts `serverless offline` on API_PORT / API_WS_PORT / API_LAMBDA_PORT, prints the base and
// websocket URLs a client is given once it answers, and from then on feeds the queue's records to the
// wsTxNotify function. OFFLINE_RUNNER picks how offline runs the functions. SIGINT/SIGTERM stop it.
//
//   node scripts/offline.cjs [--no-bundle]   --no-bundle: serve dist/lambda as it is (the image's bundle)
'use strict';
const { randomBytes } = require('crypto');
const { spawn, execFileSync } = require('child_process');
const path = require('path');
const http = require('http');
const { ensureLocalQueue, startPoller } = require('./sqs-offline.cjs');

const serviceDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(serviceDir, '../..');
require('dotenv').config({ path: path.join(repoRoot, '.env'), quiet: true });

const env = { ...process.env };
const host = env.API_HOST || '127.0.0.1';
const port = Number(env.API_PORT || 3000);
const lambdaPort = Number(env.API_LAMBDA_PORT || 3002);
const wsPort = Number(env.API_WS_PORT || 3001);
const stage = env.STAGE || 'dev';
const region = env.AWS_REGION || 'us-east-1';
// The default of apiSpec (src/config.ts) and of the daemon: both ends of the queue agree without setup.
const newTxQueueUrl = env.NEW_TX_SQS || 'http://127.0.0.1:9324/000000000000/new-tx';
// Offline, the load function is reached through serverless-offline's own Lambda endpoint.
env.LAMBDA_ENDPOINT = env.LAMBDA_ENDPOINT || `http://127.0.0.1:${lambdaPort}`;
// serverless-offline serves @connections on its websocket port: the consumer's PostToConnection goes there.
env.WS_ENDPOINT = env.WS_ENDPOINT || `http://127.0.0.1:${wsPort}`;
env.SLS_TELEMETRY_DISABLED = '1';
env.SLS_NOTIFICATIONS_MODE = 'off';
env.SERVERLESS_PLATFORM_STAGE = env.SERVERLESS_PLATFORM_STAGE || 'prod';
// in-process: every function runs in offline's own process, on one shared app and pool. Worker threads
// (a worker per concurrent invocation, each with its own bundle and pool, as isolated as Lambda's
// containers) cost a thread hop, and at 10 concurrent requests 20 workers contend for two cores.
const RUNNERS = { 'in-process': ['--useInProcess'], 'worker-threads': [] };
const runner = env.OFFLINE_RUNNER || 'in-process';
if (!RUNNERS[runner]) {
  process.stderr.write(`OFFLINE_RUNNER must be one of ${Object.keys(RUNNERS).join(', ')}, got ${JSON.stringify(runner)}\n`);
  process.exit(2);
}

const logAt = (level, msg, fields = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: 'wallet-service-offline', msg, ...fields })}\n`);
const log = (msg) => logAt('info', msg);

// The API refuses to run without AUTH_SECRET. Locally a random one per start is enough (and safer than a
// well-known default that could end up deployed); its value is never printed.
if (!env.AUTH_SECRET || env.AUTH_SECRET.trim() === '') {
  env.AUTH_SECRET = randomBytes(32).toString('hex');
  log('AUTH_SECRET is not set: tokens are signed with a random secret generated for this run (they do not survive a restart)');
}

if (!process.argv.includes('--no-bundle')) execFileSync(process.execPath, [path.join(serviceDir, 'scripts/bundle.mjs')], { stdio: 'inherit' });

// Bound to every interface (a container), it is still reached, and best named, on loopback.
const loopback = host === '0.0.0.0' ? '127.0.0.1' : host;
const base = `http://${loopback}:${port}/${stage}/`;
const wsUrl = `ws://${loopback}:${wsPort}/`;
let child;
let queue;
let poller;

const probe = (started) => {
  const req = http.get(`${base}openapi.json`, (res) => {
    res.resume();
    if (res.statusCode === 200) {
      log(`wallet API ready at ${base} (point the client at it: config.setWalletServiceBaseUrl('${base}'))`);
      log(`websocket at ${wsUrl} (config.setWalletServiceBaseWsUrl('${wsUrl}'); watch a wallet: npx wscat -c ${wsUrl} then send {"action":"join","id":"<walletId>"})`);
      poller = startPoller({ queue, lambdaPort, functionName: `${env.SERVICE_NAME || 'hathor-wallet-service'}-${stage}-wsTxNotify`, batchSize: Number(env.WS_TX_NOTIFY_BATCH_SIZE || 10), region, log: logAt });
      return;
    }
    setTimeout(() => probe(started), 500);
  });
  req.on('error', () => {
    if (Date.now() - started > 120_000) {
      log('wallet API did not answer within 120 s');
      child.kill('SIGTERM');
      return;
    }
    setTimeout(() => probe(started), 500);
  });
};

async function main() {
  queue = await ensureLocalQueue({ queueUrl: newTxQueueUrl, region, maxReceiveCount: Number(env.WS_TX_NOTIFY_MAX_RECEIVE || 5), log: logAt });
  const sls = require.resolve('serverless/bin/serverless.js', { paths: [serviceDir] });
  log(`functions run ${runner} (OFFLINE_RUNNER)`);
  child = spawn(process.execPath, [sls, 'offline', 'start', '--stage', stage, ...RUNNERS[runner]], { cwd: serviceDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const started = Date.now();
  setTimeout(() => probe(started), 1000);
  child.on('exit', (code, signal) => {
    // The poller and the local queue go down with offline (nothing to invoke any more).
    Promise.all([poller?.stop(), queue.close()]).finally(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

// Whoever stops this script may kill it outright after a grace period, which would leave serverless
// running on the ports: it gets a shorter one here.
const CHILD_GRACE_MS = 5_000;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child) process.exit(1);
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), CHILD_GRACE_MS).unref();
  });
}

main().catch((err) => {
  logAt('fatal', 'offline start failed', { err: err.message });
  child?.kill('SIGTERM');
  process.exit(1);
});
