'use strict';
// DB_* settings for the migrator and seeders, read from the environment or a `.env` file. Plain JS on
// purpose: the migrator image runs these files without building the TypeScript packages. The rules match
// packages/common/src/config.ts (dbSpec).
const path = require('path');

function loadDotenv() {
  try {
    require('dotenv').config({ path: path.resolve(process.cwd(), '.env'), quiet: true });
  } catch {
    // dotenv is optional here: in the migrator image every variable comes from the environment.
  }
}

function fail(message) {
  process.stderr.write(`configuration error: ${message}\n`);
  process.exit(2);
}

function readDbSettings(env = process.env) {
  const value = (name, def) => (env[name] === undefined || env[name].trim() === '' ? def : env[name]);
  const port = value('DB_PORT', '3306');
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    fail(`DB_PORT=${JSON.stringify(env.DB_PORT)} is invalid (expected a TCP port number (1-65535))`);
  }
  const name = value('DB_NAME', 'wallet_service');
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(name)) {
    fail(`DB_NAME=${JSON.stringify(env.DB_NAME)} is invalid (expected a database name: letters, digits, _ $ -)`);
  }
  return {
    host: value('DB_ENDPOINT', '127.0.0.1'),
    port: Number(port),
    user: value('DB_USER', 'root'),
    password: env.DB_PASS ?? '',
    database: name,
  };
}

/** One line naming host, port, user and what failed. */
function describeConnectError(err, s) {
  const where = `MySQL at ${s.host}:${s.port} as user '${s.user}'`;
  switch (err && err.code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${where}: connection refused (is the server running?)`;
    case 'ETIMEDOUT':
      return `cannot connect to ${where}: connection timed out`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to ${where}: host name not found`;
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return `cannot connect to ${where}: access denied (check DB_USER and DB_PASS)`;
    case 'ER_BAD_DB_ERROR':
      return `cannot use database '${s.database}' on ${where}: it does not exist (create it, or run \`yarn db:setup\`)`;
    default:
      return `cannot connect to ${where}: ${(err && err.message) || String(err)}`;
  }
}

module.exports = { loadDotenv, readDbSettings, describeConnectError, fail };
