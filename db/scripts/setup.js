'use strict';
// `yarn db:setup` and the migrator image's entrypoint: creates the database named by DB_NAME if it is
// missing, then applies the migrations and the seed through the real sequelize-cli (so the result is
// exactly what `yarn sequelize-cli db:migrate && yarn sequelize-cli db:seed:all` gives).
//
//   node db/scripts/setup.js [--wait SECONDS]
//
// --wait keeps retrying while the server is unreachable (a container that starts before MySQL is ready);
// wrong credentials fail at once. Every failure is one line on stderr and a non-zero exit.
const path = require('path');
const { spawn } = require('child_process');
const { setTimeout: sleep } = require('timers/promises');
const mysql = require('mysql2/promise');
const { loadDotenv, readDbSettings, describeConnectError, fail } = require('../lib/settings');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SEQUELIZE_CLI = require.resolve('sequelize-cli/lib/sequelize');
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
]);

const say = (line) => process.stdout.write(`${line}\n`);

function parseArgs(argv) {
  const args = { wait: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--wait') {
      if (!/^\d+$/.test(argv[i + 1] ?? '')) fail(`--wait needs a number of seconds, got ${JSON.stringify(argv[i + 1] ?? '')}`);
      args.wait = Number(argv[i + 1]);
      i += 1;
    } else {
      fail(`unknown argument ${JSON.stringify(argv[i])} (usage: setup.js [--wait SECONDS])`);
    }
  }
  return args;
}

async function connectToServer(s, waitSeconds) {
  const deadline = Date.now() + waitSeconds * 1000;
  let announced = false;
  for (;;) {
    try {
      return await mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password, connectTimeout: 10000 });
    } catch (err) {
      if (!UNREACHABLE.has(err && err.code) || Date.now() >= deadline) throw err;
      if (!announced) say(`waiting up to ${waitSeconds} s for MySQL at ${s.host}:${s.port}`);
      announced = true;
      await sleep(1000);
    }
  }
}

async function appliedMigrations(conn, database) {
  const [tables] = await conn.query(
    "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'SequelizeMeta'",
    [database],
  );
  if (tables.length === 0) return [];
  const [rows] = await conn.query(`SELECT name FROM \`${database}\`.SequelizeMeta ORDER BY name`);
  return rows.map((r) => r.name);
}

/** Runs sequelize-cli quietly; on failure its own one-line message is passed on. */
function sequelizeCli(command) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SEQUELIZE_CLI, command], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const detail = stderr.trim().split('\n').filter(Boolean).join('; ').replace(/^ERROR: /, '');
      reject(new Error(`sequelize-cli ${command} failed (exit ${code}): ${detail || 'no message'}`));
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  loadDotenv();
  const s = readDbSettings();

  let conn;
  try {
    conn = await connectToServer(s, args.wait);
  } catch (err) {
    process.stderr.write(`${describeConnectError(err, s)}\n`);
    process.exit(1);
  }
  let before;
  try {
    const [found] = await conn.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [s.database]);
    if (found.length === 0) {
      // DB_NAME is validated by readDbSettings (letters, digits, _ $ -), so quoting it is enough.
      await conn.query(`CREATE DATABASE \`${s.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      say(`created database ${s.database} on ${s.host}:${s.port}`);
    } else {
      say(`database ${s.database} on ${s.host}:${s.port} already exists`);
    }
    before = await appliedMigrations(conn, s.database);
  } finally {
    await conn.end();
  }

  await sequelizeCli('db:migrate');
  const check = await connectToServer(s, 0);
  try {
    const after = await appliedMigrations(check, s.database);
    const newest = after[after.length - 1] ?? 'none';
    const added = after.length - before.length;
    say(added > 0 ? `applied ${added} migration(s), newest ${newest}` : `migrations up to date (newest ${newest})`);

    await sequelizeCli('db:seed:all');
    const [rows] = await check.query(`SELECT transactions FROM \`${s.database}\`.token WHERE id = '00'`);
    say(`seeded HTR token (transactions = ${rows[0] ? rows[0].transactions : 'missing!'})`);
  } finally {
    await check.end();
  }
}

main().catch((err) => {
  process.stderr.write(`db setup failed: ${err && err.message ? err.message : String(err)}\n`);
  process.exit(1);
});
