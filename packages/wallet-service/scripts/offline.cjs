#!/usr/bin/env node
// `yarn workspace wallet-service start`: the API under serverless-offline, against the DB_* database.
// Reads the environment plus the repository's .env (set variables win), bundles the handlers, starts
// `serverless offline` on API_PORT / API_WS_PORT / API_LAMBDA_PORT and prints the base URL a client is
// given once it answers. SIGINT/SIGTERM stop it.
//
//   node scripts/offline.cjs [--no-bundle]   --no-bundle: serve dist/lambda as it is (the image's bundle)
'use strict';
const { randomBytes } = require('crypto');
const { spawn, execFileSync } = require('child_process');
const path = require('path');
const http = require('http');

const serviceDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(serviceDir, '../..');
require('dotenv').config({ path: path.join(repoRoot, '.env'), quiet: true });

const env = { ...process.env };
const host = env.API_HOST || '127.0.0.1';
const port = Number(env.API_PORT || 3000);
const lambdaPort = Number(env.API_LAMBDA_PORT || 3002);
const stage = env.STAGE || 'dev';
// Offline, the load function is reached through serverless-offline's own Lambda endpoint.
env.LAMBDA_ENDPOINT = env.LAMBDA_ENDPOINT || `http://127.0.0.1:${lambdaPort}`;
env.SLS_TELEMETRY_DISABLED = '1';
env.SLS_NOTIFICATIONS_MODE = 'off';
env.SERVERLESS_PLATFORM_STAGE = env.SERVERLESS_PLATFORM_STAGE || 'prod';

const log = (msg) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', service: 'wallet-service-offline', msg })}\n`);

// The API refuses to run without AUTH_SECRET. Locally a random one per start is enough (and safer than a
// well-known default that could end up deployed); its value is never printed.
if (!env.AUTH_SECRET || env.AUTH_SECRET.trim() === '') {
  env.AUTH_SECRET = randomBytes(32).toString('hex');
  log('AUTH_SECRET is not set: tokens are signed with a random secret generated for this run (they do not survive a restart)');
}

if (!process.argv.includes('--no-bundle')) execFileSync(process.execPath, [path.join(serviceDir, 'scripts/bundle.mjs')], { stdio: 'inherit' });
const sls = require.resolve('serverless/bin/serverless.js', { paths: [serviceDir] });
const child = spawn(process.execPath, [sls, 'offline', 'start', '--stage', stage], { cwd: serviceDir, env, stdio: ['ignore', 'inherit', 'inherit'] });

// Bound to every interface (a container), it is still reached, and best named, on loopback.
const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/${stage}/`;
const started = Date.now();
const probe = () => {
  const req = http.get(`${base}openapi.json`, (res) => {
    res.resume();
    if (res.statusCode === 200) {
      log(`wallet API ready at ${base} (point the client at it: config.setWalletServiceBaseUrl('${base}'))`);
      return;
    }
    setTimeout(probe, 500);
  });
  req.on('error', () => {
    if (Date.now() - started > 120_000) {
      log('wallet API did not answer within 120 s');
      child.kill('SIGTERM');
      return;
    }
    setTimeout(probe, 500);
  });
};
setTimeout(probe, 1000);

// Whoever stops this script may kill it outright after a grace period, which would leave serverless
// running on the ports: it gets a shorter one here.
const CHILD_GRACE_MS = 5_000;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), CHILD_GRACE_MS).unref();
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
